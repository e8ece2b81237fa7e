#!/usr/bin/env bash
# Builds the Linux one-folder bundle dist/configurator/ and
# dist/ai-workstation-configurator-<version>-linux-<arch>.tar.gz.
# The build venv lives in build/venv, apart from any development venv; CLEAN=1 recreates it.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=build/venv
start=$(date +%s)

if [ "${CLEAN:-0}" = 1 ]; then
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install -q ".[package]"

version=$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)

"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist packaging/configurator.spec

# Debian's libpython carries about 18 MB of debug info. Nothing else is stripped: strip
# breaks numpy's bundled OpenBLAS.
strip --strip-debug dist/configurator/_internal/libpython3*.so.*

archive="dist/ai-workstation-configurator-$version-linux-$arch.tar.gz"
tar -C dist -czf "$archive" configurator

end=$(date +%s)
echo "bundle:  dist/configurator ($(du -sh dist/configurator | cut -f1))"
echo "archive: $archive ($(du -sh "$archive" | cut -f1))"
echo "built in $((end - start)) s"

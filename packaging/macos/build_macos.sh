#!/usr/bin/env bash
# Builds "dist/AI Workstation Configurator.app" and
# dist/ai-workstation-configurator-<version>-macos-<arch>.dmg on macOS 12+ (Python 3.11 from
# python.org or Homebrew, Xcode command line tools). Build on each architecture you ship.
#   bash packaging/macos/build_macos.sh
# The app is not signed; to sign and notarize, see docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3.11}
venv=build/venv
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q ".[package]"
version=$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

"$venv/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/configurator.spec

app="dist/AI Workstation Configurator.app"
"$app/Contents/MacOS/configurator" --self-test
QT_QPA_PLATFORM=offscreen "$app/Contents/MacOS/configurator" --smoke-test

# The disk image shows the app beside a link to /Applications to drag it onto.
stage=build/dmg
rm -rf "$stage" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg="dist/ai-workstation-configurator-$version-macos-$(uname -m).dmg"
hdiutil create -volname "AI Workstation Configurator $version" -srcfolder "$stage" \
    -format UDZO -ov "$dmg"
echo "built $dmg"

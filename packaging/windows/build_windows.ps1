# Builds dist\configurator\ and the installer on Windows 10/11 x64 (Python 3.11, Inno Setup 6.3+).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Step {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $Arguments exited with $LASTEXITCODE" }
}

if (-not (Test-Path build\venv\Scripts\python.exe)) { Invoke-Step py @("-3.11", "-m", "venv", "build\venv") }
$python = ".\build\venv\Scripts\python.exe"
Invoke-Step $python @("-m", "pip", "install", "-q", ".[package]")
Invoke-Step $python @("-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", "dist",
    "--workpath", "build\pyinstaller", "packaging\configurator.spec")

# configurator.exe is windowed and prints nothing; its console twin shows the checks.
Invoke-Step ".\dist\configurator\configurator-cli.exe" @("--self-test")
Invoke-Step ".\dist\configurator\configurator-cli.exe" @("--smoke-test")

$version = & $python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
Invoke-Step $iscc @("/DAppVersion=$version", "packaging\windows\configurator.iss")

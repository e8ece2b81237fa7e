; Windows installer for the one-folder bundle that packaging/configurator.spec builds.
; On Windows 10/11 x64 with Python 3.11 and Inno Setup 6.3 or later, from the repository root:
;   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
; which builds dist\configurator\, runs its self-test and smoke test, then
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=<version> packaging\windows\configurator.iss
; Output: dist\ai-workstation-configurator-<version>-windows-x64-setup.exe
;
; User data (price overrides, quote settings and register, app settings, autosaves) lives in
; %LOCALAPPDATA%\configurator\ai-workstation-configurator, outside {app}: neither an update nor
; an uninstall touches it.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=0.1.0 configurator.iss
#endif

#define AppName "AI Workstation Configurator"
#define AppExe "configurator.exe"

[Setup]
; Never change AppId: an update finds the installed copy by it.
AppId={{5E4763C5-38DB-4AA4-912F-213F0EB75026}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Store machines without admin rights can install for the current user only.
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ai-workstation-configurator-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\configurator.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the bundle whole, so nothing from an older release lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\configurator\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

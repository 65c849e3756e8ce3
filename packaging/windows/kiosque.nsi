; Installateur Windows de Kiosque (NSIS 3, Unicode).
;
; Compiler (sous Windows, ou sous Linux avec le paquet Debian « nsis ») :
;   makensis -DVERSION=0.1.0 -DSOURCE_DIR=C:\chemin\dist\kiosque -DOUT_FILE=C:\chemin\dist\kiosque-0.1.0-setup.exe packaging\windows\kiosque.nsi
; makensis se place dans le dossier de ce script : les chemins relatifs (icône, KIOSK-MODE.md,
; et SOURCE_DIR / OUT_FILE s'ils le sont) partent de packaging\windows ; donnez SOURCE_DIR et
; OUT_FILE en chemins absolus. Par défaut : ..\..\dist\kiosque et ..\..\dist.
; SOURCE_DIR est le dossier construit par PyInstaller (kiosque.spec) : kiosque.exe,
; kiosque-cli.exe et _internal\.
;
; Ce qu'il fait :
;   - installe le programme dans C:\Program Files\Kiosque (lecture seule pour les comptes
;     standard) et une entrée dans le menu Démarrer ;
;   - crée C:\ProgramData\FranceServices\Kiosque (réglages kiosque.toml, base SQLite, clés,
;     journaux), accessible au seul compte de la borne, à SYSTEM et aux administrateurs ;
;   - en option, démarre Kiosque à l'ouverture de session du compte de la borne (tâche
;     planifiée) ; avec le Shell Launcher (voir KIOSK-MODE.md) cette option est inutile ;
;   - lance « kiosque-cli self-test » à la fin et dit s'il a réussi ;
;   - la désinstallation garde les données, sauf si la case est cochée (ou /PURGE).
;
; Installation silencieuse (code de sortie 0 si tout va bien, 3 si l'auto-test échoue) :
;   kiosque-0.1.0-setup.exe /S /KIOSKUSER=kiosque /AUTOSTART
; Désinstallation silencieuse, données gardées ou effacées :
;   "C:\Program Files\Kiosque\uninstall.exe" /S
;   "C:\Program Files\Kiosque\uninstall.exe" /S /PURGE

!ifdef TARGET
  Target ${TARGET}                              ; e.g. amd64-unicode (Debian's NSIS has it)
!else
  Unicode true                                  ; x86-unicode: every NSIS has its stubs
!endif
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "..\..\dist\kiosque"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\..\dist\kiosque-${VERSION}-setup.exe"
!endif

!define APP "Kiosque"
!define PUBLISHER "France Services"
!define DATA_PARENT "FranceServices"            ; platformdirs : site_data_dir("Kiosque", "FranceServices")
!define DEFAULT_KIOSK_USER "kiosque"
!define TASK "Kiosque - demarrage"   ; ASCII: typed in schtasks and PowerShell
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define SID_SYSTEM "*S-1-5-18"                  ; SID : indépendants de la langue de Windows
!define SID_ADMINS "*S-1-5-32-544"              ; (« Administrateurs » en français)

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "${APP}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${APP}"
BrandingText "${APP} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

; VIProductVersion needs four numbers: 0.1.0 -> 0.1.0.0
!searchparse /noerrors "${VERSION}" "" V1 "." V2 "." V3
!ifndef V1
  !define V1 0
!endif
!ifndef V2
  !define V2 0
!endif
!ifndef V3
  !define V3 0
!endif
VIProductVersion "${V1}.${V2}.${V3}.0"
VIAddVersionKey /LANG=1036 "ProductName" "${APP}"
VIAddVersionKey /LANG=1036 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de ${APP}"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "LegalCopyright" "Licence EUPL-1.2"

Var KioskUser
Var DataDir
Var PurgeData
Var UserField
Var PurgeBox
Var SelfTestCode

!define MUI_ICON "..\kiosque.ico"
!define MUI_UNICON "..\kiosque.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
Page custom AccountPage AccountPageLeave
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "Ouvrir le dossier des réglages (kiosque.toml)"
!define MUI_FINISHPAGE_RUN_FUNCTION OpenDataDir
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "French"

; --------------------------------------------------------------------------- options

Function AccountPage
  !insertmacro MUI_HEADER_TEXT "Compte de la borne" "Le compte Windows sous lequel Kiosque tourne."
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 36u "Nom du compte standard (non administrateur) de la borne. Lui seul, SYSTEM et les administrateurs pourront lire et écrire les données de Kiosque ($DataDir). Créez-le d'abord si besoin (voir KIOSK-MODE.md)."
  Pop $0
  ${NSD_CreateText} 0 44u 60% 12u "$KioskUser"
  Pop $UserField
  nsDialogs::Show
FunctionEnd

Function AccountPageLeave
  ${NSD_GetText} $UserField $KioskUser
  ${If} $KioskUser == ""
    MessageBox MB_ICONEXCLAMATION|MB_OK "Indiquez le nom du compte de la borne."
    Abort
  ${EndIf}
FunctionEnd

Function OpenDataDir
  ExecShell "open" "$DataDir"
FunctionEnd

; --------------------------------------------------------------------------- sections

Section "Kiosque (obligatoire)" SecMain
  SectionIn RO
  SetRegView 64
  SetShellVarContext all

  ; an older version still running would lock its files
  nsExec::Exec 'taskkill /F /IM kiosque.exe'
  Pop $0
  ; no library of an older version left behind
  RMDir /r "$INSTDIR\_internal"

  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  File "/oname=KIOSK-MODE.md" "KIOSK-MODE.md"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; the data folder: settings, database, keys, logs, documents
  CreateDirectory "$DataDir"
  CreateDirectory "$DataDir\logs"              ; kiosque.exe writes its log there from the start
  SetOutPath "$DataDir"
  SetOverwrite off
  File "kiosque.toml"
  SetOverwrite on
  Call GrantDataDir

  SetOutPath "$INSTDIR"
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortCut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\kiosque.exe" "" "$INSTDIR\kiosque.exe" 0
  CreateShortCut "$SMPROGRAMS\${APP}\${APP} - auto-test.lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\kiosque-cli.exe" self-test"' "$INSTDIR\kiosque.exe" 0
  CreateShortCut "$SMPROGRAMS\${APP}\Réglages de ${APP}.lnk" "$DataDir"
  CreateShortCut "$SMPROGRAMS\${APP}\Désinstaller ${APP}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\kiosque.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "KioskUser" "$KioskUser"
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section /o "Démarrer Kiosque à l'ouverture de session du compte de la borne" SecAutoStart
  ; a task started at log-on of that account only (an administrator's session stays normal)
  nsExec::ExecToLog 'schtasks /Create /F /TN "${TASK}" /SC ONLOGON /RU "$KioskUser" /IT /RL LIMITED /TR "\"$INSTDIR\kiosque.exe\""'
  Pop $0
  ${If} $0 != 0
    DetailPrint "Démarrage automatique non créé (schtasks : $0). Le compte « $KioskUser » existe-t-il ?"
  ${EndIf}
SectionEnd

Section "-Auto-test"
  DetailPrint "Auto-test : kiosque-cli self-test"
  nsExec::ExecToLog '"$INSTDIR\kiosque-cli.exe" self-test'
  Pop $SelfTestCode
  ${If} $SelfTestCode != 0
    SetErrorLevel 3
    MessageBox MB_ICONEXCLAMATION|MB_OK "L'auto-test de ${APP} a échoué (code $SelfTestCode). Les détails sont dans la fenêtre d'installation ; relancez-le avec le raccourci « ${APP} - auto-test » du menu Démarrer." /SD IDOK
  ${Else}
    DetailPrint "Auto-test réussi."
  ${EndIf}
SectionEnd

Function GrantDataDir
  ; only the kiosk account (modify), SYSTEM and the administrators (full control): the
  ; database and keys.json hold the citizens' data, other local users must not read them
  nsExec::ExecToStack 'net user "$KioskUser"'
  Pop $0
  Pop $1
  ${If} $0 != 0
    DetailPrint "Le compte « $KioskUser » n'existe pas : droits pour SYSTEM et les administrateurs seulement."
    MessageBox MB_ICONEXCLAMATION|MB_OK "Le compte « $KioskUser » n'existe pas encore. Créez-le (voir KIOSK-MODE.md) puis relancez cette installation pour lui donner accès à $DataDir." /SD IDOK
    nsExec::ExecToLog 'icacls "$DataDir" /inheritance:r /grant:r "${SID_SYSTEM}:(OI)(CI)F" "${SID_ADMINS}:(OI)(CI)F" /T /C /Q'
    Pop $0
    Return
  ${EndIf}
  nsExec::ExecToLog 'icacls "$DataDir" /inheritance:r /grant:r "${SID_SYSTEM}:(OI)(CI)F" "${SID_ADMINS}:(OI)(CI)F" "$KioskUser:(OI)(CI)M" /T /C /Q'
  Pop $0
  ${If} $0 != 0
    DetailPrint "icacls a échoué ($0) sur $DataDir"
  ${EndIf}
FunctionEnd

; the sections' indexes are known from here on
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP|MB_OK "${APP} demande Windows 64 bits." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  StrCpy $DataDir "$APPDATA\${DATA_PARENT}\${APP}"
  StrCpy $KioskUser "${DEFAULT_KIOSK_USER}"
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/KIOSKUSER=" $1
  ${IfNot} ${Errors}
  ${AndIf} $1 != ""
    StrCpy $KioskUser $1
  ${EndIf}
  ClearErrors
  ${GetOptions} $0 "/AUTOSTART" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecAutoStart} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

; --------------------------------------------------------------------------- uninstall

Function un.onInit
  SetRegView 64
  SetShellVarContext all
  StrCpy $DataDir "$APPDATA\${DATA_PARENT}\${APP}"
  StrCpy $PurgeData "0"
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PURGE" $1
  ${IfNot} ${Errors}
    StrCpy $PurgeData "1"
  ${EndIf}
FunctionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "Données de la borne" "Réglages, base de données, clés et journaux."
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 40u "Par défaut les données restent dans $DataDir : une réinstallation les retrouve. Cochez la case pour les effacer définitivement (base de données, clés de chiffrement, réglages, journaux)."
  Pop $0
  ${NSD_CreateCheckbox} 0 48u 100% 12u "Effacer aussi toutes les données de Kiosque"
  Pop $PurgeBox
  ${If} $PurgeData == "1"
    ${NSD_Check} $PurgeBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $PurgeBox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $PurgeData "1"
  ${Else}
    StrCpy $PurgeData "0"
  ${EndIf}
FunctionEnd

Section "Uninstall"
  nsExec::Exec 'taskkill /F /IM kiosque.exe'
  Pop $0
  nsExec::ExecToLog 'schtasks /Delete /F /TN "${TASK}"'
  Pop $0

  Delete "$SMPROGRAMS\${APP}\*.lnk"
  RMDir "$SMPROGRAMS\${APP}"

  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\kiosque.exe"
  Delete "$INSTDIR\kiosque-cli.exe"
  Delete "$INSTDIR\KIOSK-MODE.md"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKLM "${UNINSTALL_KEY}"

  ${If} $PurgeData == "1"
    DetailPrint "Effacement des données : $DataDir"
    RMDir /r "$DataDir"
    RMDir "$APPDATA\${DATA_PARENT}"
  ${Else}
    DetailPrint "Données gardées : $DataDir"
  ${EndIf}
SectionEnd

Attribute VB_Name = "S55"
's55xl: one macro per button on the Control sheet.
'
'Each macro makes one fixed RunPython call into s55xl.excel. No cell content is ever put into
'the Python command: s55xl reads the workbook itself through xlwings.
'The xlwings module in this project is xlwings' own standalone module, so no add-in is needed;
'which Python runs is set on the hidden xlwings.conf sheet (INTERPRETER_WIN / INTERPRETER_MAC).
Option Explicit

Public Sub S55_Validate()
    RunS55 "import s55xl.excel; s55xl.excel.validate()"
End Sub

Public Sub S55_UpdateDeadlines()
    RunS55 "import s55xl.excel; s55xl.excel.update_deadlines()"
End Sub

Public Sub S55_GenerateSelected()
    RunS55 "import s55xl.excel; s55xl.excel.generate_selected()"
End Sub

Public Sub S55_GenerateAll()
    RunS55 "import s55xl.excel; s55xl.excel.generate_all()"
End Sub

Public Sub S55_ProgressPaper()
    RunS55 "import s55xl.excel; s55xl.excel.progress_paper()"
End Sub

Private Sub RunS55(ByVal command As String)
    'Runs a fixed s55xl command; if Python cannot be started, says which setting to fix.
    On Error GoTo Failed
    Application.StatusBar = "s55xl is working..."
    RunPython command
    Application.StatusBar = False
    Exit Sub
Failed:
    Application.StatusBar = False
    MsgBox "s55xl could not start Python (" & Err.Description & ")." & vbNewLine & vbNewLine & _
           "Install Python and s55xl (pip install s55xl), then set INTERPRETER_WIN (Windows) or " & _
           "INTERPRETER_MAC (Mac) on the hidden xlwings.conf sheet to the full path of " & _
           "pythonw.exe / python. See ""First use"" in the s55xl README.", _
           vbExclamation, "s55xl"
End Sub

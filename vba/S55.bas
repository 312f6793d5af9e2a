Attribute VB_Name = "S55"
's55xl: one macro per button on the Control sheet.
'
'Each macro makes one fixed RunPython call into s55xl.excel. No cell content is ever put into
'the Python command: s55xl reads the workbook itself through xlwings.
'The xlwings module in this project is xlwings' own standalone module, so no add-in is needed;
'which Python runs is set on the hidden xlwings.conf sheet (INTERPRETER_WIN / INTERPRETER_MAC;
'blank means "python" from the PATH).
'
'xlwings shows its own message box when Python cannot be found or fails to start, so RunS55
'checks first (a full interpreter path that does not exist, or no python.exe on the PATH) and,
'when xlwings reports a failure anyway, adds what to do. Windows' attack surface reduction
'rule "Block all Office applications from creating child processes" stops RunPython outright;
'that is recognised and explained too (the server-mode workbook avoids it).
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
    Dim problem As String
    problem = PythonProblem()
    If problem <> "" Then
        Explain problem
        Exit Sub
    End If
    On Error GoTo Failed
    Application.StatusBar = "s55xl is working..."
    If RunPython(command) = -1 Then
        Application.StatusBar = False
        Explain "Python started but s55xl did not run (the message before this one shows " & _
                "what Python said). If it says 's55xl' or 'xlwings' is not found, install " & _
                "them into that Python: pip install s55xl"
        Exit Sub
    End If
    Application.StatusBar = False
    Exit Sub
Failed:
    Application.StatusBar = False
    If Err.Number = 70 Or Err.Number = -2147024891 Or _
       InStr(1, Err.Description, "denied", vbTextCompare) > 0 Then
        MsgBox "This PC does not let Excel start other programs (" & Err.Description & "), " & _
               "so the buttons cannot start Python here. This is usually Windows' security " & _
               "rule ""Block all Office applications from creating child processes""." & _
               vbNewLine & vbNewLine & "Ask IT for the server version of the workbook " & _
               "(s55xl new --server), which needs no Python on this PC.", vbExclamation, "s55xl"
    Else
        Explain "Python could not be started (" & Err.Description & ")."
    End If
End Sub

Private Function PythonProblem() As String
    'Why Python cannot be started, checked before xlwings tries; "" when it looks fine. Only
    'checked on Windows: on a Mac, Excel's sandbox hides the file system from Dir.
    #If Mac Then
        PythonProblem = ""
    #Else
        Dim interpreter As String
        interpreter = GetConfig("INTERPRETER_WIN", "")
        On Error Resume Next
        If interpreter = "" Or interpreter = "python" Or interpreter = "pythonw" Then
            If Not OnPath("python.exe") Then
                PythonProblem = "No Python was found on this PC (there is no python.exe on " & _
                                "the PATH, and INTERPRETER_WIN is blank)."
            End If
        ElseIf Dir(interpreter) = "" Then
            PythonProblem = "The Python named on the xlwings.conf sheet does not exist on " & _
                            "this PC: " & interpreter
        End If
    #End If
End Function

Private Function OnPath(ByVal program As String) As Boolean
    Dim folder As Variant
    On Error Resume Next
    For Each folder In Split(Environ("PATH"), ";")
        If folder <> "" Then
            If Dir(folder & "\" & program) <> "" Then
                OnPath = True
                Exit Function
            End If
        End If
    Next folder
End Function

Private Sub Explain(ByVal problem As String)
    MsgBox problem & vbNewLine & vbNewLine & _
           "Install Python and s55xl (pip install s55xl), or set INTERPRETER_WIN (Windows) or " & _
           "INTERPRETER_MAC (Mac) on the hidden xlwings.conf sheet to the full path of " & _
           "python.exe / python3 (blank means ""python"" from the PATH). On a Mac, also run " & _
           "'xlwings runpython install' once. See ""First use"" in the s55xl documentation.", _
           vbExclamation, "s55xl"
End Sub

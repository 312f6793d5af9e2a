Attribute VB_Name = "S55"
's55xl: one macro per button on the Control sheet.
'
'Each macro makes one fixed RunPython call into s55xl.excel. No cell content is ever put into
'the Python command: s55xl reads the workbook itself through xlwings.
'The xlwings module in this project is xlwings' own standalone module, so no add-in is needed;
'which Python runs is INTERPRETER_WIN / INTERPRETER_MAC, from the hidden xlwings.conf sheet when
'the workbook was built with one, else from each user's own xlwings.conf file (not set means
'"python" from the PATH).
'
'xlwings shows its own message box when Python cannot be found or fails to start, so RunS55
'checks first (a full interpreter path that does not exist, or no python.exe on the PATH) and,
'when xlwings reports a failure anyway, adds what to do. Windows' Microsoft Store shortcut
'python.exe is recognised as "Python not installed". On a Mac, Python runs asynchronously, so
'only the missing INTERPRETER_MAC is checked beforehand and xlwings itself shows Python's errors. Windows' attack surface reduction
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
    'Why Python cannot be started, checked before xlwings tries; "" when it looks fine.
    Dim interpreter As String
    #If Mac Then
        'macOS has no "python" command, which is what xlwings runs when INTERPRETER_MAC is
        'blank. A full path cannot be checked: Excel's sandbox hides the file system from Dir.
        interpreter = GetConfig("INTERPRETER_MAC", "")
        If interpreter = "" Then interpreter = GetConfig("INTERPRETER", "")  'as xlwings does
        If interpreter = "" Or interpreter = "python" Or interpreter = "pythonw" Then
            PythonProblem = "On a Mac, the buttons need the full path of python3 (macOS has " & _
                            "no ""python"" command), and INTERPRETER_MAC is not set. Find the " & _
                            "path with 'which python3' in Terminal and put it as " & _
                            "INTERPRETER_MAC in your own xlwings.conf file."
        End If
    #Else
        Dim placeholder As Boolean
        interpreter = GetConfig("INTERPRETER_WIN", "")
        If interpreter = "" Then interpreter = GetConfig("INTERPRETER", "")  'as xlwings does
        On Error Resume Next
        If interpreter = "" Or interpreter = "python" Or interpreter = "pythonw" Then
            If Not OnPath("python.exe", placeholder) Then
                If placeholder Then
                    PythonProblem = "Python is not installed on this PC: the only python.exe " & _
                                    "on the PATH is Windows' shortcut to the Microsoft Store " & _
                                    "(in ...\AppData\Local\Microsoft\WindowsApps)."
                Else
                    PythonProblem = "No Python was found on this PC (there is no python.exe " & _
                                    "on the PATH, and INTERPRETER_WIN is not set)."
                End If
            End If
        ElseIf Dir(interpreter) = "" Then
            PythonProblem = "The Python named as INTERPRETER_WIN does not exist on this PC: " & _
                            interpreter
        ElseIf IsStorePlaceholder(interpreter) Then
            PythonProblem = "Python is not installed on this PC: INTERPRETER_WIN names " & _
                            "Windows' shortcut to the Microsoft Store (" & interpreter & ")."
        End If
    #End If
End Function

Private Function OnPath(ByVal program As String, ByRef placeholder As Boolean) As Boolean
    'True when a real program of that name is on the PATH; placeholder is set when only
    'Windows' Microsoft Store shortcut (WindowsApps) was found.
    Dim folder As Variant
    On Error Resume Next
    For Each folder In Split(Environ("PATH"), ";")
        If folder <> "" Then
            If Dir(folder & "\" & program) <> "" Then
                If IsStorePlaceholder(folder & "\" & program) Then
                    placeholder = True
                Else
                    OnPath = True
                    Exit Function
                End If
            End If
        End If
    Next folder
End Function

Private Function IsStorePlaceholder(ByVal path As String) As Boolean
    'Windows 10/11 put a python.exe in ...\Microsoft\WindowsApps that opens the Microsoft Store.
    'Python installed from the Store adds python3.N.exe beside it; the bare shortcut does not.
    Dim folder As String
    If InStr(1, path, "\WindowsApps\", vbTextCompare) = 0 Then Exit Function
    folder = Left$(path, InStrRev(path, "\") - 1)
    On Error Resume Next
    IsStorePlaceholder = (Dir(folder & "\python3.*.exe") = "")
End Function

Private Sub Explain(ByVal problem As String)
    MsgBox problem & vbNewLine & vbNewLine & _
           "Install Python and s55xl (pip install s55xl), or set INTERPRETER_WIN (Windows) or " & _
           "INTERPRETER_MAC (Mac) to the full path of python.exe / python3 in your own " & _
           "xlwings.conf file (Windows: %USERPROFILE%\.xlwings\xlwings.conf; Mac: " & _
           "~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf), one line such as " & _
           """INTERPRETER_WIN"",""C:\Program Files\Python312\pythonw.exe"". On a Mac, also run " & _
           "'xlwings runpython install' once. See ""First use"" in the s55xl documentation.", _
           vbExclamation, "s55xl"
End Sub

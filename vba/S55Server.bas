Attribute VB_Name = "S55"
's55xl, server mode: one macro per button on the Control sheet.
'
'Each macro posts the workbook to the s55xl server with xlwings' RunServerPython (the Remote
'module and its web classes in this project) and applies the changes the server sends back:
'no Python and no child process on this PC. The server address is fixed when the workbook is
'built (s55xl new --server URL), so editing a cell cannot send the workbook elsewhere.
'The access token is not in this code: xlwings reads it as AUTH from the hidden xlwings.conf
'sheet or from the user's xlwings.conf file. The server's answer to a problem is one sentence,
'which xlwings shows in a message box.
Option Explicit

Private Const S55_SERVER As String = "{server}"

Public Sub S55_Validate()
    RunS55 "validate"
End Sub

Public Sub S55_UpdateDeadlines()
    RunS55 "update-deadlines"
End Sub

Public Sub S55_GenerateSelected()
    RunS55 "generate-selected"
End Sub

Public Sub S55_GenerateAll()
    RunS55 "generate-all"
End Sub

Public Sub S55_ProgressPaper()
    RunS55 "progress-paper"
End Sub

Private Sub RunS55(ByVal endpoint As String)
    'Posts the workbook to one fixed endpoint, sending the user's login name for the Log sheet.
    Dim headers As New Dictionary
    On Error GoTo Failed
    #If Mac Then
        headers.Add "X-S55XL-User", Environ("USER")
    #Else
        headers.Add "X-S55XL-User", Environ("USERNAME")
    #End If
    Application.StatusBar = "s55xl is working..."
    RunServerPython S55_SERVER & "/" & endpoint, headers:=headers
    Application.StatusBar = False
    Exit Sub
Failed:
    Application.StatusBar = False
    MsgBox "s55xl could not reach its server at " & S55_SERVER & " (" & Err.Description & _
           ")." & vbNewLine & vbNewLine & "Check that this PC is on the force network and " & _
           "press the button again; if it keeps happening, tell IT.", vbExclamation, "s55xl"
End Sub

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
'
'Only the sheets s55xl reads are sent (RunServerPython's include), so an unrelated sheet, however
'big or full of errors, never stops a button. xlwings counts a sheet's rows in a VBA Integer, so
'a sheet s55xl reads that is used beyond row 32,767 is explained before anything is sent.
'
'The routines after the buttons are what the server asks this workbook to run (xlwings'
'runMacro action) for what xlwings' own client cannot do: remove a cell's fill, set or remove
's55xl's note on a cell (staff's own notes are never touched), show a message, and write text
'its Mac decoder garbles, so that text arrives intact on Windows and Mac alike. Their text
'arguments come percent-encoded as UTF-8.
Option Explicit

Private Const S55_SERVER As String = "{server}"
Private Const S55_SHEETS As String = "Reports,Recommendations,Signatories,Settings,Findings," & _
                                     "Log,History,Control"
Private Const MAX_ROWS As Long = 32767
Private Const NOTE_PREFIX As String = "s55xl"

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
    'Posts s55xl's sheets to one fixed endpoint, sending the user's login name for the Log sheet.
    Dim headers As New Dictionary
    Dim include As String
    Dim problem As String
    On Error GoTo Failed
    include = SheetsToSend(problem)
    If problem <> "" Then
        MsgBox problem, vbExclamation, "s55xl"
        Exit Sub
    End If
    #If Mac Then
        headers.Add "X-S55XL-User", Environ("USER")
    #Else
        headers.Add "X-S55XL-User", Environ("USERNAME")
    #End If
    Application.StatusBar = "s55xl is working..."
    RunServerPython S55_SERVER & "/" & endpoint, include:=include, headers:=headers
    Application.StatusBar = False
    Exit Sub
Failed:
    Dim number As Long, description As String, source As String
    number = Err.Number
    description = Err.Description
    source = Err.Source
    Application.StatusBar = False
    MsgBox FailureMessage(number, description, source), vbExclamation, "s55xl"
End Sub

Private Function SheetsToSend(ByRef problem As String) As String
    'The names of this workbook's sheets that s55xl reads, joined by commas for
    'RunServerPython's include (sheets are matched as s55xl matches them: case and spaces
    'ignored). Sets problem to the sentence to show when one cannot be sent.
    Dim ws As Worksheet
    Dim wanted As Variant
    Dim found As String
    Dim lastRow As Long
    For Each ws In ActiveWorkbook.Worksheets
        For Each wanted In Split(S55_SHEETS, ",")
            If SheetKey(ws.Name) = SheetKey(CStr(wanted)) Then
                If ws.Name <> Trim$(ws.Name) Then
                    problem = "The sheet '" & ws.Name & "' has a space at the start or end " & _
                              "of its name, so Excel's macros cannot send it. Rename it to '" & _
                              Trim$(ws.Name) & "' and press the button again."
                    Exit Function
                End If
                With ws.UsedRange
                    lastRow = .Row + .Rows.Count - 1
                End With
                If lastRow > MAX_ROWS Then
                    problem = "The " & ws.Name & " sheet is in use down to row " & _
                              Format$(lastRow, "#,##0") & ", but Excel's macros can send " & _
                              "a sheet only up to row 32,767, so nothing was sent." & _
                              vbNewLine & vbNewLine & "If the rows below your last entry " & _
                              "are empty, select them, right-click, choose Delete, then " & _
                              "save the workbook. Otherwise move older rows to an archive " & _
                              "workbook. Then press the button again."
                    Exit Function
                End If
                If found <> "" Then found = found & ","
                found = found & ws.Name
                Exit For
            End If
        Next wanted
    Next ws
    If found = "" Then found = ActiveSheet.Name  'none of s55xl's sheets: the server says so
    SheetsToSend = found
End Function

Private Function SheetKey(ByVal name As String) As String
    'A sheet name as s55xl compares it: no case, no spaces.
    SheetKey = LCase$(Replace(Replace(name, " ", ""), vbTab, ""))
End Function

Private Function FailureMessage(ByVal number As Long, ByVal description As String, _
                                ByVal source As String) As String
    'A network failure, a workbook older than the server, or Excel failing while it sent the
    'workbook or applied the answer: each said as what it is, with the error's own number.
    If Left$(source, 3) = "Web" Or _
       (number >= vbObjectError + 11000 And number < vbObjectError + 12000) Then
        FailureMessage = "s55xl could not reach its server at " & S55_SERVER & " (" & _
                         description & ")." & vbNewLine & vbNewLine & "Check that this PC " & _
                         "is on the force network and press the button again; if it keeps " & _
                         "happening, tell IT."
    ElseIf number = 1004 And InStr(1, description, "S55_", vbTextCompare) > 0 Then
        FailureMessage = "The s55xl server asked this workbook for a macro it does not " & _
                         "have (" & description & "). The workbook's macros are older than " & _
                         "the server: ask IT for a workbook built by the server's s55xl " & _
                         "(s55xl new --server) and copy your rows into it."
    Else
        FailureMessage = "Excel stopped while sending this workbook to the s55xl server or " & _
                         "applying its answer (Excel error " & number & ": " & description & _
                         "). Some cells may already have been updated." & vbNewLine & _
                         vbNewLine & "Press the button again. If the same error comes back, " & _
                         "tell IT its number and which button you pressed."
    End If
End Function

Public Sub S55_ClearFill(ByVal wb As Workbook, ByVal sheet As Variant, ByVal address As Variant)
    'Removes the fill s55xl gave the cells at address (the server's call through runMacro).
    wb.Worksheets(S55_Text(sheet)).Range(CStr(address)).Interior.Pattern = xlNone
End Sub

Public Sub S55_SetNote(ByVal wb As Workbook, ByVal sheet As Variant, ByVal address As Variant, _
                       ByVal noteText As Variant)
    'Puts s55xl's note on a cell: added, or replacing s55xl's previous one; a note someone
    'else wrote is left as it is.
    Dim cell As Range
    Set cell = wb.Worksheets(S55_Text(sheet)).Range(CStr(address))
    If Not cell.Comment Is Nothing Then
        If Left$(cell.Comment.Text, Len(NOTE_PREFIX)) <> NOTE_PREFIX Then Exit Sub
        cell.Comment.Delete
    End If
    cell.AddComment S55_Text(noteText)
End Sub

Public Sub S55_DeleteNote(ByVal wb As Workbook, ByVal sheet As Variant, ByVal address As Variant)
    'Removes s55xl's note from a cell; a note someone else wrote is left as it is.
    Dim cell As Range
    Set cell = wb.Worksheets(S55_Text(sheet)).Range(CStr(address))
    If cell.Comment Is Nothing Then Exit Sub
    If Left$(cell.Comment.Text, Len(NOTE_PREFIX)) = NOTE_PREFIX Then cell.Comment.Delete
End Sub

Public Sub S55_SetText(ByVal wb As Workbook, ByVal sheet As Variant, ByVal address As Variant, _
                       ByVal cellText As Variant)
    'Writes a cell's text again: xlwings' own client garbles characters beyond U+D7FF on a Mac.
    wb.Worksheets(S55_Text(sheet)).Range(CStr(address)).Value = S55_Text(cellText)
End Sub

Public Sub S55_Message(ByVal wb As Workbook, ByVal prompt As Variant, ByVal title As Variant, _
                       ByVal mode As Variant)
    'Shows the server's message; mode is "critical" for a run that stopped, else "info".
    Application.StatusBar = False
    If CStr(mode) = "critical" Then
        MsgBox S55_Text(prompt), vbCritical, S55_Text(title)
    Else
        MsgBox S55_Text(prompt), vbInformation, S55_Text(title)
    End If
End Sub

Private Function S55_Text(ByVal encoded As Variant) As String
    'Percent-encoded UTF-8 ("s55xl %E2%80%93 Validate") as the text it stands for.
    Dim source As String, data() As Byte, count As Long, i As Long
    Dim result As String, code As Long, extra As Long, k As Long
    source = CStr(encoded)
    If Len(source) = 0 Then Exit Function
    ReDim data(0 To Len(source) - 1)
    i = 1
    Do While i <= Len(source)
        If Mid$(source, i, 1) = "%" And i + 2 <= Len(source) Then
            data(count) = CByte(Val("&H" & Mid$(source, i + 1, 2)))
            i = i + 3
        Else
            data(count) = CByte(AscW(Mid$(source, i, 1)) And 127)
            i = i + 1
        End If
        count = count + 1
    Loop
    k = 0
    Do While k < count
        code = data(k)
        If code < &H80 Then
            extra = 0
        ElseIf code >= &HF0 Then
            code = code And &H7
            extra = 3
        ElseIf code >= &HE0 Then
            code = code And &HF
            extra = 2
        ElseIf code >= &HC0 Then
            code = code And &H1F
            extra = 1
        Else
            code = &HFFFD&
            extra = 0
        End If
        k = k + 1
        Do While extra > 0 And k < count
            code = code * 64 + (data(k) And &H3F)
            k = k + 1
            extra = extra - 1
        Loop
        If code >= &H10000 Then
            code = code - &H10000
            result = result & ChrW(&HD800& + code \ 1024) & ChrW(&HDC00& + code Mod 1024)
        Else
            result = result & ChrW(code)
        End If
    Loop
    S55_Text = result
End Function

using MlNotebooks.Notebooks.JupyterKernel;
using MlNotebooks.Notebooks.JupyterKernel.Handlers;

namespace MlNotebooks.Notebooks.Tests.JupyterKernel;

/// <summary>What the kernel reads from a cell's text without running it: completeness, interrupt points, cursors, history.</summary>
public sealed class CodeAnalysisTests
{
    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("1 + 1", "complete")]
    [InlineData("#!track start --experiment e\nvar x = 1;", "complete")]
    [InlineData("#!track end", "complete")]
    [InlineData("if (true) {", "incomplete")]
    [InlineData("Console.WriteLine(1,", "incomplete")]
    [InlineData("var x = ;", "invalid")]
    [InlineData("var 1x = 2;", "invalid")]
    public void IsComplete_AnswersLikeAConsole(string code, string status) => Assert.Equal(status, IsCompleteHandler.Check(code).Status);

    [Fact]
    public void IsComplete_IndentsInsideAnOpenBlock() => Assert.Equal("    ", IsCompleteHandler.Check("for (;;) {").Indent);

    [Fact]
    public void InterruptPoints_GoAtTheTopOfEveryLoopBody_OnTheSameLine()
    {
        const string check = "global::MlNotebooks.Interactive.Cell.ThrowIfInterrupted();";
        Assert.Equal($"while (true) {{ {check} }}", InterruptPoints.Insert("while (true) { }"));
        Assert.Equal($"for (;;) {{ {check} x++; }}", InterruptPoints.Insert("for (;;) x++;"));
        Assert.Equal($"#!track start\nforeach (var i in xs) {{ {check} do {{ {check} i--; }} while (i > 0); }}",
            InterruptPoints.Insert("#!track start\nforeach (var i in xs) { do { i--; } while (i > 0); }"));
        Assert.Equal("var x = 1; // while (true) {}", InterruptPoints.Insert("var x = 1; // while (true) {}"));
    }

    [Theory]
    [InlineData("Console.WriteL", 14, "WriteL")]
    [InlineData("#!tra", 5, "#!tra")]
    [InlineData("x = Math.Sq", 11, "Sq")]
    [InlineData("a.", 2, "")]
    public void TokenBefore_IsTheWordACompletionReplaces(string code, int cursor, string token) =>
        Assert.Equal(token, CodePosition.TokenBefore(code, CodePosition.ToIndex(code, cursor)));

    [Fact]
    public void Cursor_CountsCodePoints_NotUtf16Units()
    {
        const string code = "var s = \"😀\"; s.Len";
        Assert.Equal(code.Length, CodePosition.ToIndex(code, code.Length - 1)); // one emoji = 2 UTF-16 units
        Assert.Equal(code.Length - 1, CodePosition.ToCursor(code, code.Length));
    }

    [Fact]
    public void History_AnswersTailRangeAndGlobSearch()
    {
        var h = new History();
        h.Add(1, "6*7");
        h.SetOutput(1, "42");
        h.Add(2, "var x = 1;");
        h.Add(3, "6*7");
        Assert.Equal(["var x = 1;", "6*7"], h.Tail(2, output: false).Select(r => (string?)r[2]));
        Assert.Equal("42", (string?)h.Range(0, 1, 2, output: true).Single()[2]![1]);
        Assert.Empty(h.Range(7, 1, null, output: false)); // another session
        Assert.Equal(2, h.Search("6*7", null, unique: false, output: false).Count);
        Assert.Equal(3, (int)h.Search("6*7", null, unique: true, output: false).Single()[1]!);
        Assert.Single(h.Search("var*", 5, unique: false, output: false));
    }
}

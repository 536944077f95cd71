namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary><c>Console.In</c> inside the kernel: each line a cell reads is asked from the frontend (<c>input_request</c>).</summary>
internal sealed class StdinReader(KernelSession session) : TextReader
{
    private string _buffer = "";
    private int _at;

    public override string? ReadLine()
    {
        if (_at < _buffer.Length)
        {
            var rest = _buffer[_at..].TrimEnd('\n');
            _buffer = "";
            _at = 0;
            return rest;
        }
        return session.Stdin.Read("", false, session.AskStdin);
    }

    public override int Peek() => Fill() ? _buffer[_at] : -1;

    public override int Read() => Fill() ? _buffer[_at++] : -1;

    private bool Fill()
    {
        if (_at < _buffer.Length) return true;
        _buffer = session.Stdin.Read("", false, session.AskStdin) + "\n";
        _at = 0;
        return true;
    }
}

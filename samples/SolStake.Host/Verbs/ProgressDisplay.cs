using System.Globalization;

namespace SolStake.Host.Verbs;

/// <summary>
/// Progress of long work: one redrawn line on a terminal, plain log lines (one per phase) when the output is
/// redirected, so that files and CI logs stay readable.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly bool _terminal = !Console.IsOutputRedirected;
    private string? _lastPhase;
    private bool _drawn;

    public void Show(string phase, double fraction, string? detail = null)
    {
        var percent = Math.Clamp(fraction, 0, 1) * 100;
        if (_terminal)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{JobsTable.Bar(fraction)} {percent,3:0}% {phase} {detail}");
            Console.Write("\r" + line.PadRight(Math.Max(line.Length, 79)));
            _drawn = true;
        }
        else if (phase != _lastPhase)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {phase} ({percent:0}%){(detail is null ? "" : $": {detail}")}"));
        }

        _lastPhase = phase;
    }

    public void Done()
    {
        if (_drawn)
        {
            Console.WriteLine();
            _drawn = false;
        }
    }

    public void Dispose() => Done();
}

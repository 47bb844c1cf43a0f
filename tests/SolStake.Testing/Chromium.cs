namespace SolStake.Testing;

/// <summary>
/// Debian's Chromium, which the browser tests and the dashboard benchmark drive through Playwright (Playwright's own
/// browser download is not reachable here). eng/test.sh and .ci/run install the chromium package when it is missing.
/// </summary>
public static class Chromium
{
    /// <summary>SOLSTAKE_CHROMIUM, else /usr/bin/chromium; fails with the fix when it is not there.</summary>
    public static string ExecutablePath()
    {
        var path = Environment.GetEnvironmentVariable("SOLSTAKE_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Chromium is needed at {path}: apt-get install chromium (eng/test.sh does when it runs as root), or set SOLSTAKE_CHROMIUM.");
    }

    /// <summary>The arguments for a headless run as root in a container.</summary>
    public static IReadOnlyList<string> Arguments { get; } = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"];
}

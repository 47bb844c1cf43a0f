using System.Diagnostics;
using System.Text;

namespace SolStake.Testing;

/// <summary>Runs a command to completion and captures its output.</summary>
public static class ProcessRunner
{
    /// <summary>The result of a finished process.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Both streams, for failure messages.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
    }

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/>, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(key);
                }
                else
                {
                    start.Environment[key] = value;
                }
            }
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.\n{stdout}\n{stderr}");
        }

        // WaitForExitAsync returns after the output streams are drained.
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command and throws with its output when it fails.</summary>
    public static async Task<Result> RunCheckedAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await RunAsync(fileName, arguments, timeout, environment);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {result}");
    }
}

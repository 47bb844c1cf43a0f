using Microsoft.Extensions.Options;
using SolStake.Core;

namespace SolStake.Host.Verbs;

/// <summary>Builds the services a verb needs (without starting the web server) and reports failures in one line.</summary>
internal static class VerbHost
{
    public static async Task<int> RunAsync(string verb, Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            // Logs go to stderr so that a verb's stdout carries only its result.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddSolStakeHost();
            using var host = builder.Build();
            return await run(host.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (SolStakeException ex)
        {
            await Console.Error.WriteLineAsync($"{verb} failed: {ex.Message}").ConfigureAwait(false);
            return HostCommandLine.Failure;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"{verb} failed: invalid configuration: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
            return HostCommandLine.Failure;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is null)
        {
            await Console.Error.WriteLineAsync($"{verb} failed: {ex.Message}").ConfigureAwait(false);
            return HostCommandLine.Failure;
        }
    }
}

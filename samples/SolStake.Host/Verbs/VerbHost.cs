using Microsoft.Extensions.Options;

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
            // A verb reads or enqueues; the serving instances run the jobs.
            builder.AddSolStakeHost().AddJobs(static jobs => jobs.RunScheduler = false);
            builder.Services.AddHealthChecks().AddSolStakeDatabase("database").AddSolStakeJobs(namePrefix: string.Empty);
            using var host = builder.Build();
            // A verb does not start the host, so the options' start-up validation is run here.
            host.Services.GetService<IStartupValidator>()?.Validate();
            return await run(host.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FormatException or FileNotFoundException)
        {
            // Bad input files: say which and why, in one line.
            await Console.Error.WriteLineAsync($"{verb} failed: {ex.Message}").ConfigureAwait(false);
            return HostCommandLine.Failure;
        }
        catch (Exception ex) when (HostCommandLine.DescribeConfigurationError(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"{verb} failed: {message}").ConfigureAwait(false);
            return HostCommandLine.Failure;
        }
    }
}

using System.CommandLine;
using Microsoft.Extensions.Options;
using SolStake.Core;
using SolStake.Host.Verbs;

namespace SolStake.Host;

/// <summary>
/// The host's command line. No verb, or only options (ASP.NET's <c>--urls</c>, <c>--environment</c>, ...), serves
/// the API; a verb runs one task and exits. Exit codes: 0 success, 1 the task failed, 2 usage error.
/// </summary>
internal static class HostCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || (args[0].StartsWith('-') && !IsHelpOrVersion(args[0])))
        {
            return await ServeAsync(args, CancellationToken.None).ConfigureAwait(false);
        }

        var root = BuildRootCommand();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync().ConfigureAwait(false);
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = Console.Error }).ConfigureAwait(false);
            return UsageError;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("SolStake: Solana validator data, trust scores and a GraphQL API. With no verb, serves the API.");
        root.Subcommands.Add(ServeVerb.Create());
        root.Subcommands.Add(SyncVerb.Create());
        root.Subcommands.Add(ScoreVerb.Create());
        root.Subcommands.Add(ImportCliVerb.Create());
        root.Subcommands.Add(MigrateVerb.Create());
        root.Subcommands.Add(VerifyDbVerb.Create());
        root.Subcommands.Add(TokensVerb.Create());
        root.Subcommands.Add(QueueVerb.Create());
        root.Subcommands.Add(MetricsVerb.Create());
        // RunAsync serves before parsing when no verb is given; this action states the same default to the parser,
        // which otherwise adds "Required command was not provided" to every usage error.
        root.SetAction((_, cancellationToken) => ServeAsync([], cancellationToken));
        return root;
    }

    /// <summary>Serves until shut down; a configuration error ends it with one line on stderr and exit code 1.</summary>
    public static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            await WebServer.Build(args).RunAsync(cancellationToken).ConfigureAwait(false);
            return Success;
        }
        catch (Exception ex) when (DescribeConfigurationError(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"SolStake did not start: {message}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>A one-line description of a failure an operator can fix (configuration, an unreachable dependency), or null for a bug.</summary>
    public static string? DescribeConfigurationError(Exception exception) => exception switch
    {
        OptionsValidationException ex => $"invalid configuration: {string.Join("; ", ex.Failures)}",
        // Start-up validation reports each failing options type; one bad setting can fail several that read it.
        AggregateException aggregate when aggregate.InnerExceptions.Select(DescribeConfigurationError).ToList() is var described
            && described.TrueForAll(d => d is not null) => string.Join("; ", described.Distinct()),
        SolStakeException ex => ex.Message,
        InvalidOperationException { InnerException: null } ex => ex.Message,
        _ => null,
    };

    private static bool IsHelpOrVersion(string arg) => arg is "--help" or "-h" or "-?" or "--version";
}

using System.CommandLine;

namespace SolStake.Host.Verbs;

internal static class ServeVerb
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "The URLs to listen on (default http://localhost:3007, or PORT)." };
        var command = new Command("serve", "Serve the GraphQL API and health endpoints (the default with no verb).") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = parse.GetValue(urls) is { Length: > 0 } value ? new[] { "--urls", value } : [];
            return await HostCommandLine.ServeAsync(args, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}

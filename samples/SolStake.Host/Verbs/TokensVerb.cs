using System.CommandLine;
using SolStake.GraphQL;
using SolStake.GraphQL.Auth;

namespace SolStake.Host.Verbs;

internal static class TokensVerb
{
    public static Command Create()
    {
        var command = new Command("tokens", "Print a viewer, a user and an admin token for trying the API (Development only).");
        command.SetAction(async (_, cancellationToken) =>
        {
            // A web builder: the API's authorization services need routing, even though nothing is served here.
            var builder = WebApplication.CreateBuilder();
            if (!builder.Environment.IsDevelopment())
            {
                await Console.Error.WriteLineAsync($"tokens failed: refused in the {builder.Environment.EnvironmentName} environment; tokens are printed in Development only.").ConfigureAwait(false);
                return HostCommandLine.Failure;
            }

            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.AddSolStakeHost().AddJobs(static jobs => jobs.RunScheduler = false).AddGraphQLApi().AddSolStakeJwt();
            builder.Services.AddHealthChecks();
            using var host = builder.Build();
            var tokens = host.Services.GetRequiredService<JwtTokens>();
            foreach (var role in new[] { Permissions.Viewer, Permissions.User, Permissions.Admin })
            {
                Console.WriteLine($"{role}: {tokens.Issue($"{role}-1", role, $"{role}@example.org")}");
            }

            return HostCommandLine.Success;
        });
        return command;
    }
}

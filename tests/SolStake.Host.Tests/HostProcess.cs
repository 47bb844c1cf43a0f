using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// Runs the real host executable (the build output of samples/SolStake.Host) as a separate process, the way an
/// operator runs it: verbs to completion, or the web server on a free loopback port.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private HostProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The JWT secret the host processes run with (Production refuses to start without one).</summary>
    public const string TestSecret = "solstake-test-secret-0123456789-abcdefghijklmnop";

    public HttpClient Http { get; }

    /// <summary>A token for <paramref name="role"/> signed with <see cref="TestSecret"/>, as the host processes accept.</summary>
    public static string Token(string role) =>
        new SolStake.GraphQL.Auth.JwtTokens(Microsoft.Extensions.Options.Options.Create(new SolStake.GraphQL.Auth.AuthOptions { SecretKey = TestSecret }), TimeProvider.System)
            .Issue($"{role}-1", role);

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The host's process id (part of its scheduler instance id).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kills the host at once, as a crash or an OOM kill would (no graceful shutdown).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The host's build output folder, built in the same configuration as the tests.</summary>
    public static string OutputDirectory { get; } = Path.Combine(
        Fixtures.RepositoryRoot, "samples", "SolStake.Host", "bin",
        typeof(HostProcess).Assembly.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()!.Configuration, "net10.0");

    public static Task<ProcessRunner.Result> RunVerbAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Path.Combine(OutputDirectory, "SolStake.Host.dll"), .. args], TimeSpan.FromMinutes(3), WithDefaults(environment), OutputDirectory);

    public static async Task<HostProcess> StartServerAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var port = LoopbackPorts.GetFree();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = OutputDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(OutputDirectory, "SolStake.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in WithDefaults(environment))
        {
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode} before serving:\n{host.Output}");
            }

            try
            {
                using var response = await host.Http.GetAsync("health");
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await host.DisposeAsync();
                throw new TimeoutException($"The host did not answer /health within 60 s:\n{host.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>POSTs a GraphQL query and returns the parsed response and status.</summary>
    public async Task<(int Status, JsonElement Body)> GraphQLAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return ((int)response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // The tests must not pick up a developer's own settings; each test names what it needs.
    private static Dictionary<string, string?> WithDefaults(IReadOnlyDictionary<string, string?> environment)
    {
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = null,
            ["REDIS_URL"] = null,
            ["SOLANA_RPC_URL"] = null,
            ["SOLANA_RPC_SECONDARY"] = null,
            ["PORT"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Logging__Console__FormatterName"] = "simple",
            ["SolStake__Solana__RetryDelay"] = "00:00:00.010",
            ["JWT_SECRET_KEY"] = TestSecret,
            // No scheduled fetch against mainnet from a test; the jobs tests schedule what they test.
            ["SolStake__Jobs__Schedule"] = "none",
        };
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        return env;
    }
}

using SolStake.Host;

// `SolStake.Host` with no verb (or only ASP.NET options such as --urls) serves the API; a verb runs one operator
// task and exits. See `SolStake.Host --help`.
return await HostCommandLine.RunAsync(args);

/// <summary>The entry point, public so that tests can start the host with WebApplicationFactory.</summary>
public partial class Program;

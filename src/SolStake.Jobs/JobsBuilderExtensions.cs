using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.Jobs;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the scheduled fetch and score jobs on Quartz.NET.</summary>
public static class JobsBuilderExtensions
{
    /// <summary>
    /// <see cref="AddJobs(ISolStakeBuilder, Action{JobsOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Jobs")</c>), over the default section.
    /// </summary>
    public static ISolStakeBuilder AddJobs(this ISolStakeBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return builder.AddJobs(configuration.Bind);
    }

    /// <summary>
    /// Adds the fetch job (a sync cycle), the score job (a scoring run; only when <c>AddScoring()</c> is called too),
    /// a Quartz.NET scheduler that runs them with the host (unless <see cref="JobsOptions.RunScheduler"/> is off), and
    /// <see cref="IJobScheduler"/>. Options bind from <paramref name="configSectionPath"/> (default
    /// <c>SolStake:Jobs</c>), then <paramref name="configure"/>. Add a storage package first: the jobs keep their
    /// history there, and with PostgreSQL the scheduler keeps a clustered store in the same database (through the
    /// storage package's data source), so instances sharing the data share the schedule; otherwise it runs in memory.
    /// Adds the ingestion pipeline (<c>AddRpcIngestion</c>) when it is not there yet. The options are read when this
    /// is called (the scheduler's threads, polling and store are fixed then); calling it again runs only
    /// <paramref name="configure"/>, on the same options.
    /// </summary>
    /// <exception cref="InvalidOperationException">No storage package was added before.</exception>
    public static ISolStakeBuilder AddJobs(this ISolStakeBuilder builder, Action<JobsOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.FirstOrDefault(d => d.ServiceType == typeof(JobsRegistration))?.ImplementationInstance is JobsRegistration registered)
        {
            configure?.Invoke(registered.Options);
            return builder;
        }

        var database = services.FirstOrDefault(d => d.ServiceType == typeof(SolStakeDatabase))?.ImplementationInstance as SolStakeDatabase
            ?? throw new InvalidOperationException(
                "AddJobs needs a storage package added before it (AddPostgresStorage or AddSqliteStorage): the jobs keep their history there, and the scheduler its state.");

        // The scheduler's settings are structural (its id, threads, polling, which store), so they are read here, once:
        // the host's configuration section first, then the callback, which runs once. The options the services read
        // are copied from this same instance (a later AddJobs call's callback changes it too, before the host starts).
        var options = new JobsOptions();
        var sectionPath = configSectionPath ?? builder.SectionPath(JobsOptions.SectionName);
        HostConfiguration(services)?.GetSection(sectionPath).Bind(options);
        configure?.Invoke(options);
        var registration = new JobsRegistration(options, Clustered: database.IsShared);
        services.AddSingleton(registration);

        builder.AddRpcIngestion();
        services.AddOptions<JobsOptions>().Configure(o => registration.CopyTo(o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsDataValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<JobsMetrics>();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SolStakeScheduler.Name;
                // Readable in the job history and unique per process (clustering requires it); Quartz's own
                // generator is used only when clustered and names every in-memory instance NON_CLUSTERED.
                s.InstanceId = options.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
                s.IdleWaitTime = options.PollInterval;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = options.MaxConcurrency);
            if (registration.Clustered)
            {
                q.UsePersistentStore(store =>
                {
                    // The storage package's NpgsqlDataSource: one database, one connection string.
                    store.UsePostgres(ds => ds.DataSourceServiceKey = SolStakeDatabase.DataSourceKey);
                    store.ProvisionSchema();
                    store.ConfigureStore(s => s.MisfireThreshold = options.MisfireThreshold);
                    store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                });
            }
            else
            {
                q.UseInMemoryStore(s => s.MisfireThreshold = options.MisfireThreshold);
            }
        });

        // Quartz reads its properties when the scheduler is made, after every AddJobs callback ran: the settings a later
        // callback changed reach the scheduler too (the values written above are the first call's).
        services.AddOptions<QuartzOptions>().Configure<IOptions<JobsOptions>>(static (quartz, jobs) =>
        {
            var o = jobs.Value;
            quartz.Properties["quartz.threadPool.maxConcurrency"] = o.MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
            quartz.Properties["quartz.scheduler.idleWaitTime"] = ((long)o.PollInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            quartz.Properties["quartz.jobStore.misfireThreshold"] = ((long)o.MisfireThreshold.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (o.InstanceId is { Length: > 0 } id)
            {
                quartz.Properties["quartz.scheduler.instanceId"] = id;
            }
        });
        services.TryAddSingleton<QuartzJobScheduler>();
        services.TryAddSingleton<IJobScheduler>(static sp => sp.GetRequiredService<QuartzJobScheduler>());
        services.AddHostedService<SchedulerService>();
        services.AddHostedService<JobsSnapshot>();
        return builder;
    }

    // The host's configuration, where a host builder put it (HostApplicationBuilder and WebApplicationBuilder register
    // their context as an instance); null in a bare service collection, which then configures in code only.
    private static IConfiguration? HostConfiguration(IServiceCollection services) =>
        (services.FirstOrDefault(d => d.ServiceType == typeof(HostBuilderContext))?.ImplementationInstance as HostBuilderContext)?.Configuration;
}

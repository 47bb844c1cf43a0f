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
    /// Adds the fetch job (a sync cycle), the score job (a scoring run; only when <c>AddScoring()</c> is called too),
    /// a Quartz.NET scheduler that runs them with the host (unless <see cref="JobsOptions.RunScheduler"/> is off), and
    /// <see cref="IJobScheduler"/>. Options bind from <paramref name="configSectionPath"/> (default
    /// <c>SolStake:Jobs</c>), then <paramref name="configure"/>. Add a storage package first: the jobs keep their
    /// history there, and with PostgreSQL the scheduler keeps a clustered store in the same database (through the
    /// storage package's data source), so instances sharing the data share the schedule; otherwise it runs in memory.
    /// Adds the ingestion pipeline (<c>AddRpcIngestion</c>) when it is not there yet. Calling it again adds only
    /// <paramref name="configure"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No storage package was added before.</exception>
    public static ISolStakeBuilder AddJobs(this ISolStakeBuilder builder, Action<JobsOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(JobStoreKind)))
        {
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return builder;
        }

        var database = services.FirstOrDefault(d => d.ServiceType == typeof(SolStakeDatabase))?.ImplementationInstance as SolStakeDatabase
            ?? throw new InvalidOperationException(
                "AddJobs needs a storage package added before it (AddPostgresStorage or AddSqliteStorage): the jobs keep their history there, and the scheduler its state.");
        var store = new JobStoreKind(Clustered: database.IsShared);
        services.AddSingleton(store);

        builder.AddRpcIngestion();
        // Configuration binds first; code configures last, so code wins.
        services.AddOptions<JobsOptions>().BindConfiguration(configSectionPath ?? JobsOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsDataValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<JobsMetrics>();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = SolStakeScheduler.Name);
            if (store.Clustered)
            {
                q.UsePersistentStore(persistent =>
                {
                    // The storage package's NpgsqlDataSource: one database, one connection string.
                    persistent.UsePostgres(ds => ds.DataSourceServiceKey = SolStakeDatabase.DataSourceKey);
                    persistent.ProvisionSchema();
                    persistent.UseClustering();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        // The settings a host may set in code are applied when the options are read, so that a configure callback
        // runs once, where options run it, and a second AddJobs call's callback counts too.
        services.AddOptions<QuartzOptions>().Configure<IOptions<JobsOptions>>(static (quartz, jobs) => SolStakeScheduler.Apply(quartz, jobs.Value));

        services.TryAddSingleton<QuartzJobScheduler>();
        services.TryAddSingleton<IJobScheduler>(static sp => sp.GetRequiredService<QuartzJobScheduler>());
        services.AddHostedService<SchedulerService>();
        services.AddHostedService<JobsSnapshot>();
        return builder;
    }
}

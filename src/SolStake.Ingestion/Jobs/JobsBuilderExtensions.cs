using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SolStake.Core;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Jobs;

namespace SolStake.Ingestion.Jobs;

/// <summary>Registers the scheduled fetch and score jobs on Quartz.NET.</summary>
public static class JobsBuilderExtensions
{
    /// <summary>The Quartz scheduler name every SolStake instance shares, so that instances on one database form one cluster.</summary>
    public const string SchedulerName = "SolStake";

    /// <summary>
    /// Adds the fetch and score jobs and a Quartz scheduler that runs them, and <see cref="IJobScheduler"/>. An
    /// explicit opt-in: a host that only serves the API does not call it and runs no jobs. Options come from
    /// <c>SolStake:Jobs</c> in <paramref name="configuration"/>, then <paramref name="configure"/>; the store is
    /// chosen here, once: Quartz's clustered ADO store on PostgreSQL when
    /// <see cref="JobsOptions.PostgresConnectionString"/> is set (Npgsql must be loadable: the PostgreSQL storage
    /// package brings it), in memory otherwise. <paramref name="runScheduler"/> false registers everything but does
    /// not start the scheduler with the host (an operator tool that only reads or enqueues). Needs the ingestion
    /// pipeline (<c>AddRpcIngestion</c>), a store with job history, and for the score job, scoring.
    /// </summary>
    public static ISolStakeBuilder AddScheduledJobs(this ISolStakeBuilder builder, IConfiguration? configuration = null, Action<JobsOptions>? configure = null, bool runScheduler = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IJobScheduler)))
        {
            throw new InvalidOperationException("AddScheduledJobs was already called; call it once.");
        }

        builder.AddRpcIngestion();
        var section = configuration?.GetSection(JobsOptions.SectionName);
        var options = services.AddOptions<JobsOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsDataValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());

        // The store is structural (which tables, which cluster), so it is read here rather than per resolution.
        var atRegistration = new JobsOptions();
        section?.Bind(atRegistration);
        configure?.Invoke(atRegistration);

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                // Readable in the job history and unique per process (clustering requires it); Quartz's own
                // generator is used only when clustered and names every in-memory instance NON_CLUSTERED.
                s.InstanceId = atRegistration.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
                s.IdleWaitTime = atRegistration.PollInterval;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = atRegistration.MaxConcurrency);
            if (atRegistration.PostgresConnectionString is { } connectionString)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.ProvisionSchema();
                    store.ConfigureStore(s => s.MisfireThreshold = atRegistration.MisfireThreshold);
                    store.UseClustering(c => c.CheckinInterval = atRegistration.ClusterCheckinInterval);
                });
            }
            else
            {
                q.UseInMemoryStore(s => s.MisfireThreshold = atRegistration.MisfireThreshold);
            }
        });

        services.TryAddSingleton<QuartzJobScheduler>();
        services.TryAddSingleton<IJobScheduler>(static sp => sp.GetRequiredService<QuartzJobScheduler>());
        if (runScheduler)
        {
            services.AddHostedService<ScheduleOnStartService>();
            services.AddQuartzHostedService(h => h.WaitForJobsToComplete = true);
            services.AddHostedService<JobsSnapshot>();
            services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: [SolStakeHealth.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        }

        services.AddHealthChecks().AddCheck<FreshnessHealthCheck>("freshness", HealthStatus.Degraded, tags: [SolStakeHealth.ReadyTag], timeout: TimeSpan.FromSeconds(10));

        return builder;
    }
}

/// <summary>Adds the jobs and applies the configured schedule when the host starts (before the scheduler fires anything).</summary>
internal sealed class ScheduleOnStartService(QuartzJobScheduler scheduler, IOptions<JobsOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await scheduler.EnsureJobsAsync(cancellationToken).ConfigureAwait(false);
        // Unset: keep what the store holds (the queue scheduler verb manages it); set: this host's configuration wins.
        if (!string.IsNullOrWhiteSpace(options.Value.Schedule))
        {
            await scheduler.ApplyScheduleAsync(JobSchedules.From(options.Value), startsHere: true, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

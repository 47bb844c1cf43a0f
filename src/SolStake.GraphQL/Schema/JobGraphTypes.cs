using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

internal sealed class JobRunStatusGraphType : EnumerationGraphType<JobRunStatus>
{
    public JobRunStatusGraphType()
    {
        Name = "JobRunStatus";
        Description = "The state of a job execution.";
    }
}

internal sealed class JobRunGraphType : ObjectGraphType<JobRunRecord>
{
    public JobRunGraphType()
    {
        Name = "JobRun";
        Description = "One execution of a scheduled job.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("job").Description("fetch or score.").Resolve(c => c.Source.Job);
        Field<NonNullGraphType<StringGraphType>>("trigger").Resolve(c => c.Source.Trigger);
        Field<NonNullGraphType<StringGraphType>>("fireId").Resolve(c => c.Source.FireId);
        Field<NonNullGraphType<StringGraphType>>("instance").Description("The scheduler instance that ran it.").Resolve(c => c.Source.Instance);
        Field<NonNullGraphType<IntGraphType>>("attempt").Description("1, then 2 and 3 for retries.").Resolve(c => c.Source.Attempt);
        Field<NonNullGraphType<JobRunStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("startedAt").Resolve(c => ValidatorGraphType.Iso8601(c.Source.StartedAt));
        Field<StringGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt is { } f ? ValidatorGraphType.Iso8601(f) : null);
        Field<FloatGraphType>("durationMs").Resolve(c => c.Source.Duration?.TotalMilliseconds);
        Field<StringGraphType>("phase").Resolve(c => c.Source.Phase);
        Field<FloatGraphType>("progress").Description("0 to 1.").Resolve(c => c.Source.Progress);
        Field<StringGraphType>("error").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<BooleanGraphType>>("willRetry").Resolve(c => c.Source.WillRetry);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobCountGraphType>>>>("counts").Description("What it reported (validators, scored, ...).")
            .Resolve(c => c.Source.Counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
    }
}

internal sealed class JobCountGraphType : ObjectGraphType<KeyValuePair<string, long>>
{
    public JobCountGraphType()
    {
        Name = "JobCount";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<UInt64GraphType>>("value").Resolve(c => (ulong)Math.Max(0, c.Source.Value));
    }
}

internal sealed class ScheduledJobGraphType : ObjectGraphType<ScheduledJob>
{
    public ScheduledJobGraphType()
    {
        Name = "ScheduledJob";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("schedule").Description("\"every 06:00:00\" or \"cron '...'\"; null when it runs only on demand.").Resolve(c => c.Source.Timing?.ToString());
        Field<FloatGraphType>("intervalSeconds").Resolve(c => c.Source.Timing?.Interval?.TotalSeconds);
        Field<StringGraphType>("cron").Resolve(c => c.Source.Timing?.Cron);
        Field<StringGraphType>("nextFireTime").Resolve(c => c.Source.NextFireTime is { } t ? ValidatorGraphType.Iso8601(t) : null);
        Field<StringGraphType>("previousFireTime").Resolve(c => c.Source.PreviousFireTime is { } t ? ValidatorGraphType.Iso8601(t) : null);
        Field<StringGraphType>("lastSucceededAt").Resolve(c => c.Source.LastSucceededAt is { } t ? ValidatorGraphType.Iso8601(t) : null);
    }
}

internal sealed class SchedulerNodeGraphType : ObjectGraphType<SchedulerNode>
{
    public SchedulerNodeGraphType()
    {
        Name = "SchedulerNode";
        Field<NonNullGraphType<StringGraphType>>("instanceId").Resolve(c => c.Source.InstanceId);
        Field<NonNullGraphType<StringGraphType>>("state").Resolve(c => c.Source.State);
        Field<StringGraphType>("lastCheckIn").Resolve(c => c.Source.LastCheckIn is { } t ? ValidatorGraphType.Iso8601(t) : null);
        Field<NonNullGraphType<BooleanGraphType>>("current").Resolve(c => c.Source.IsCurrent);
    }
}

internal sealed class JobRunCountGraphType : ObjectGraphType<JobRunCount>
{
    public JobRunCountGraphType()
    {
        Name = "JobRunCount";
        Field<NonNullGraphType<StringGraphType>>("job").Resolve(c => c.Source.Job);
        Field<NonNullGraphType<JobRunStatusGraphType>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}

internal sealed class JobsStatusGraphType : ObjectGraphType<JobsStatus>
{
    public JobsStatusGraphType()
    {
        Name = "JobsStatus";
        Description = "The scheduled jobs as this instance sees them (with the PostgreSQL store, the whole cluster).";
        Field<NonNullGraphType<StringGraphType>>("instanceId").Resolve(c => c.Source.InstanceId);
        Field<NonNullGraphType<BooleanGraphType>>("persistent").Description("Whether the schedule is shared through PostgreSQL.").Resolve(c => c.Source.Persistent);
        Field<NonNullGraphType<BooleanGraphType>>("running").Description("Whether this instance's scheduler runs.").Resolve(c => c.Source.Running);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScheduledJobGraphType>>>>("jobs").Resolve(c => c.Source.Jobs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SchedulerNodeGraphType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobRunGraphType>>>>("executing").Description("Executions running now, with progress.").Resolve(c => c.Source.Executing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobRunGraphType>>>>("recent").Resolve(c => c.Source.Recent);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobRunCountGraphType>>>>("counts").Description("Executions per job and outcome.").Resolve(c => c.Source.Counts);
    }
}

internal static class JobQueries
{
    public static void Add(QueryGraphType query)
    {
        query.Field<NonNullGraphType<JobsStatusGraphType>>("jobs")
            .Description("The scheduled jobs: schedules, next fire times, what runs now, recent executions, counts (needs admin:system).")
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.AdminSystem);
                var scheduler = context.RequestServices!.GetService<IJobScheduler>()
                    ?? throw new ExecutionError("This host does not run the scheduled jobs.") { Code = "JOBS_NOT_SCHEDULED" };
                return await scheduler.GetStatusAsync(10, context.CancellationToken).ConfigureAwait(false);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<JobRunGraphType>>>>("jobRuns")
            .Description("Job executions, newest first, shared by every instance on the database (needs admin:system).")
            .Argument<StringGraphType>("job", a => a.Description = "fetch or score; all when omitted.")
            .Argument<JobRunStatusGraphType>("status", a => a.Description = "Only executions in this state.")
            .Argument<IntGraphType>("limit", a => { a.DefaultValue = 20; a.Description = "How many (1 to 1000)."; })
            .Rows("limit", 20, QueryCost.DatabaseQuery, signedInOnly: true)
            .ResolveAsync(async context =>
            {
                Auth.Access.Require(context, Auth.Permissions.AdminSystem);
                var job = context.GetArgument<string?>("job");
                if (job is not null && !JobNames.All.Contains(job))
                {
                    throw new ArgumentValidationException("job", $"must be {string.Join(" or ", JobNames.All)}");
                }

                var limit = context.GetArgument<int>("limit");
                if (limit is < 1 or > 1000)
                {
                    throw new ArgumentValidationException("limit", "must be between 1 and 1000");
                }

                var status = context.GetArgument<JobRunStatus?>("status");
                return await context.RequestServices!.GetRequiredService<IJobHistory>().ListAsync(job, status, limit, context.CancellationToken).ConfigureAwait(false);
            });
    }
}

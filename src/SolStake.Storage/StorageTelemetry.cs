using System.Diagnostics;
using SolStake.Core;

namespace SolStake.Storage;

/// <summary>The storage package's trace source: one span per store operation (its SQL statements are EF Core's or Npgsql's to trace).</summary>
internal static class StorageTelemetry
{
    public static readonly ActivitySource Source = new(SolStakeTelemetry.Storage, typeof(StorageTelemetry).Assembly.GetName().Version?.ToString());
}

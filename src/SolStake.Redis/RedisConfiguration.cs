using StackExchange.Redis;

namespace SolStake.Redis;

/// <summary>
/// Reads <c>REDIS_URL</c>. StackExchange.Redis takes <c>host:port,password=...</c> strings only, while the earlier
/// design (and most hosting platforms) hand out <c>redis://[user:password@]host[:port][/db]</c> and <c>rediss://</c> URLs.
/// </summary>
internal static class RedisConfiguration
{
    public static ConfigurationOptions Parse(string redisUrl)
    {
        if (!Uri.TryCreate(redisUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
        {
            return ConfigurationOptions.Parse(redisUrl);
        }

        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (uri.UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? string.Empty : userInfo[..colon]);
            options.Password = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
            options.User = user.Length > 0 ? user : null;
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            options.DefaultDatabase = int.TryParse(database, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var db)
                ? db
                : throw new FormatException($"The Redis URL names database '{database}', which is not a number.");
        }

        return options;
    }
}

using Npgsql;

namespace SolStake.Storage.PostgreSQL;

/// <summary>
/// Accepts both forms of a PostgreSQL connection string: the URL form hosting platforms hand out
/// (<c>postgresql://user:pass@host:port/db?sslmode=require</c>, as <c>DATABASE_URL</c> holds it) and Npgsql's
/// <c>Host=...;Database=...</c> form. Npgsql parses only the latter, so the URL is translated here.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Returns the Npgsql form of <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">Neither form; the message never repeats the password.</exception>
    public static string Normalize(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var text = connectionString.Trim();
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"The PostgreSQL connection string is neither a postgresql:// URL nor Npgsql key=value pairs: {ex.Message}", ex);
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("The PostgreSQL URL is malformed; expected postgresql://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                // Prisma's URL parameters have Npgsql equivalents; the rest (sslmode, ...) are Npgsql keywords already.
                switch (key)
                {
                    case "schema":
                        builder.SearchPath = value;
                        break;
                    case "connection_limit":
                        builder.MaxPoolSize = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    default:
                        builder[key] = value;
                        break;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                throw new FormatException($"The PostgreSQL URL has an unknown or invalid parameter '{key}'.", ex);
            }
        }

        return builder.ConnectionString;
    }
}

namespace SolStake.GraphQL.Auth;

/// <summary>SolStake's roles (<c>viewer</c>, <c>user</c>, <c>admin</c>) and the permissions each grants.</summary>
public static class Permissions
{
    /// <summary>Read validators.</summary>
    public const string ReadValidators = "read:validators";
    /// <summary>Read scores and scoring runs.</summary>
    public const string ReadScores = "read:scores";
    /// <summary>Register wallets and stake.</summary>
    public const string WriteStakes = "write:stakes";
    /// <summary>Change validators.</summary>
    public const string WriteValidators = "write:validators";
    /// <summary>Administer the system (cache, audit).</summary>
    public const string AdminSystem = "admin:system";
    /// <summary>Read users.</summary>
    public const string ReadUsers = "read:users";

    /// <summary>The viewer role.</summary>
    public const string Viewer = "viewer";
    /// <summary>The user role.</summary>
    public const string User = "user";
    /// <summary>The admin role.</summary>
    public const string Admin = "admin";

    /// <summary>The permissions a role grants when a token does not list its own.</summary>
    public static IReadOnlyList<string> OfRole(string? role) => role switch
    {
        Viewer => [ReadValidators, ReadScores],
        User => [ReadValidators, ReadScores, WriteStakes],
        Admin => [ReadValidators, ReadScores, WriteStakes, WriteValidators, AdminSystem, ReadUsers],
        _ => [],
    };
}

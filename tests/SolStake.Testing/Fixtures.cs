namespace SolStake.Testing;

/// <summary>
/// The recorded Solana responses in <c>../shared/fixtures/solana/</c> beside the repository (read in place, never
/// copied). <c>SOLSTAKE_FIXTURES</c> overrides the location.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The folder of Solana fixtures.</summary>
    public static string Directory => Root.Value;

    /// <summary>The full path of a fixture file; fails if it does not exist.</summary>
    public static string Path(string fileName)
    {
        var path = System.IO.Path.Combine(Directory, fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Fixture '{fileName}' is not in {Directory}.", path);
    }

    /// <summary>The repository root (the folder holding SolStake.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SOLSTAKE_FIXTURES") is { Length: > 0 } configured)
        {
            return System.IO.Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"SOLSTAKE_FIXTURES names '{configured}', which does not exist.");
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "fixtures", "solana"));
        return System.IO.Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"The Solana fixtures are expected at {path} (../shared/fixtures/solana beside the repository), or in SOLSTAKE_FIXTURES.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SolStake.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SolStake.sln above {AppContext.BaseDirectory}.");
    }
}

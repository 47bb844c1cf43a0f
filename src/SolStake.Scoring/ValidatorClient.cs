namespace SolStake.Scoring;

/// <summary>The validator client a node runs, as far as its reported version tells.</summary>
public enum ValidatorClient
{
    /// <summary>The version is missing, unreadable, or in no scheme known here.</summary>
    Unknown = 0,

    /// <summary>Anza's Agave (2.x onwards, and 1.18, which it continued from Solana Labs).</summary>
    Agave = 1,

    /// <summary>Jito Labs' Agave fork, where the version string says so.</summary>
    JitoAgave = 2,

    /// <summary>Firedancer's networking with Agave's runtime (<c>0.MINOR.PATCH</c>, the patch encoding the Agave release).</summary>
    Frankendancer = 3,

    /// <summary>Firedancer (<c>0.MINOR.PATCH</c> without an Agave release).</summary>
    Firedancer = 4,

    /// <summary>Solana Labs' validator (1.x before Agave took it over at 1.18).</summary>
    SolanaLabs = 5,
}

/// <summary>Reading the client from a version string, and its display name.</summary>
public static class ValidatorClients
{
    /// <summary>
    /// The client <paramref name="version"/> names: <see cref="SoftwareVersion.Client"/>, and Jito-Agave for an Agave
    /// version whose text says <c>jito</c>. Jito-Agave nodes otherwise report Agave's version numbers, so gossip alone
    /// cannot tell them apart: they count as Agave.
    /// </summary>
    public static ValidatorClient Of(string? version)
    {
        if (!SoftwareVersion.TryParse(version, out var parsed))
        {
            return ValidatorClient.Unknown;
        }

        var client = parsed.Client;
        return client is ValidatorClient.Agave or ValidatorClient.SolanaLabs && version!.Contains("jito", StringComparison.OrdinalIgnoreCase) ? ValidatorClient.JitoAgave : client;
    }

    /// <summary>The name shown to people: Agave, Jito-Agave, Frankendancer, Firedancer, Solana Labs, unknown.</summary>
    public static string NameOf(ValidatorClient client) => client switch
    {
        ValidatorClient.Agave => "Agave",
        ValidatorClient.JitoAgave => "Jito-Agave",
        ValidatorClient.Frankendancer => "Frankendancer",
        ValidatorClient.Firedancer => "Firedancer",
        ValidatorClient.SolanaLabs => "Solana Labs",
        _ => "unknown",
    };
}

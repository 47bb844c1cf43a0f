using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Scoring;

/// <summary>Which profiles a host scores with. Bound from <c>SolStake:Scoring</c>; custom profiles are added in code.</summary>
public sealed class ScoringOptions
{
    /// <summary>The configuration section: <c>SolStake:Scoring</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Scoring");

    /// <summary>The profile scheduled scoring runs use.</summary>
    public string DefaultProfile { get; set; } = ScoringProfile.Default.Name;

    /// <summary>Profiles beyond the built-in four (custom weights and thresholds); a name may not repeat a built-in one.</summary>
    public IList<ScoringProfile> CustomProfiles { get; } = [];

    /// <summary>Vote accounts to gate as <c>DENYLISTED</c> (Jito or Marinade blacklists, admin warnings), in base58.</summary>
    public IList<string> Denylist { get; } = [];
}

/// <summary>The profiles a host can score with, by name.</summary>
public interface IScoringProfiles
{
    /// <summary>The profile scheduled runs use.</summary>
    ScoringProfile Default { get; }

    /// <summary>Every profile: the built-in ones, then the custom ones.</summary>
    IReadOnlyList<ScoringProfile> All { get; }

    /// <summary>Finds a profile by name (case-insensitive); null when there is none.</summary>
    ScoringProfile? Find(string name);
}

internal sealed class ScoringProfiles(IOptions<ScoringOptions> options) : IScoringProfiles
{
    private readonly IReadOnlyList<ScoringProfile> _all = [.. ScoringProfile.BuiltIn, .. options.Value.CustomProfiles];

    public ScoringProfile Default => Find(options.Value.DefaultProfile)!;

    public IReadOnlyList<ScoringProfile> All => _all;

    public ScoringProfile? Find(string name)
    {
        foreach (var profile in _all)
        {
            if (string.Equals(profile.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return profile;
            }
        }

        return null;
    }
}

internal sealed class ScoringOptionsValidator(SolStakeSection<ScoringOptions> section) : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(ScoringProfile.BuiltIn.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var profile in options.CustomProfiles)
        {
            if (!names.Add(profile.Name))
            {
                errors.Add($"Scoring profile name '{profile.Name}' is used twice.");
            }

            errors.AddRange(profile.Validate().Select(e => $"Scoring profile '{profile.Name}': {e}"));
        }

        foreach (var entry in options.Denylist)
        {
            if (!Pubkey.TryParse(entry, out _))
            {
                errors.Add($"{section.Key("Denylist")} has '{entry}', which is not a vote account (base58 pubkey).");
            }
        }

        if (!names.Contains(options.DefaultProfile))
        {
            errors.Add($"{section.Key("DefaultProfile")} '{options.DefaultProfile}' is not a known profile ({string.Join(", ", names)}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

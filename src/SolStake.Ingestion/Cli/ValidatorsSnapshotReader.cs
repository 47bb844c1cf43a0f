using System.Text.Json;
using SolStake.Core.Domain;

namespace SolStake.Ingestion.Cli;

/// <summary>Reads <c>solana validators</c> JSON dumps.</summary>
public static class ValidatorsSnapshotReader
{
    /// <summary>Reads one dump.</summary>
    /// <exception cref="FormatException">The stream is not a <c>solana validators</c> JSON dump; the message says why.</exception>
    public static async Task<ValidatorsSnapshot> ReadAsync(Stream json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ValidatorsSnapshotDto? dto;
        try
        {
            dto = await JsonSerializer.DeserializeAsync(json, CliJsonContext.Default.ValidatorsSnapshotDto, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a 'solana validators' JSON dump: {ex.Message}", ex);
        }

        if (dto is null || (dto.Validators is null && dto.CurrentValidators is null && dto.DelinquentValidators is null))
        {
            throw new FormatException("Not a 'solana validators' JSON dump: it has neither 'validators' nor 'currentValidators'/'delinquentValidators'.");
        }

        var byVote = new Dictionary<Pubkey, CliValidator>();
        Add(byVote, dto.Validators, delinquentList: null);
        Add(byVote, dto.CurrentValidators, delinquentList: false);
        Add(byVote, dto.DelinquentValidators, delinquentList: true);
        return new ValidatorsSnapshot([.. byVote.Values]);
    }

    /// <summary>Reads one dump from a file.</summary>
    /// <exception cref="FormatException">The file is not a <c>solana validators</c> JSON dump; the message names it.</exception>
    public static async Task<ValidatorsSnapshot> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{path}: {ex.Message}", ex);
            }
        }
    }

    private static void Add(Dictionary<Pubkey, CliValidator> byVote, List<CliValidatorDto>? entries, bool? delinquentList)
    {
        if (entries is null)
        {
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var vote = e.VoteAccountPubkey ?? throw new FormatException($"Entry {i} has no voteAccountPubkey.");
            byVote[vote] = new CliValidator
            {
                VoteAccount = vote,
                Identity = e.IdentityPubkey ?? throw new FormatException($"Entry {i} ({vote}) has no identityPubkey."),
                Commission = e.Commission is <= 100 and var c ? Commission.FromPercent(c)
                    : throw new FormatException($"Entry {i} ({vote}) has no commission, or one above 100%."),
                ActivatedStake = e.ActivatedStake,
                LastVote = e.LastVote,
                RootSlot = e.RootSlot,
                Credits = e.Credits,
                EpochCredits = e.EpochCredits,
                Delinquent = delinquentList ?? e.Delinquent ?? false,
                SkipRatePercent = e.SkipRate is >= 0 and <= 100 and var s ? s : null,
                Version = string.IsNullOrWhiteSpace(e.Version) ? null : e.Version,
            };
        }
    }
}

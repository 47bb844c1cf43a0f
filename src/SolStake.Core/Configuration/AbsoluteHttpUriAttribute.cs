using System.ComponentModel.DataAnnotations;

namespace SolStake.Core.Configuration;

/// <summary>Validates that an option holds an absolute <c>http</c> or <c>https</c> URI.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AbsoluteHttpUriAttribute : ValidationAttribute
{
    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is null)
        {
            return ValidationResult.Success;
        }

        if (value is Uri { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return ValidationResult.Success;
        }

        return new ValidationResult(
            $"{validationContext.DisplayName} must be an absolute http or https URL; got '{value}'.",
            validationContext.MemberName is null ? null : [validationContext.MemberName]);
    }
}

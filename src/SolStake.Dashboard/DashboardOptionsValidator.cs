using SolStake.Core.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SolStake.Dashboard;

internal sealed class DashboardOptionsValidator(SolStakeSection<DashboardOptions> section) : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        if (string.IsNullOrEmpty(options.GraphQLPath) || options.GraphQLPath[0] != '/')
        {
            return ValidateOptionsResult.Fail($"{section.Key("GraphQLPath")} must be a path starting with '/' (it is '{options.GraphQLPath}').");
        }

        return string.IsNullOrWhiteSpace(options.ContentSecurityPolicy)
            ? ValidateOptionsResult.Fail($"{section.Key("ContentSecurityPolicy")} must not be empty: the pages are never served without a policy.")
            : ValidateOptionsResult.Success;
    }
}

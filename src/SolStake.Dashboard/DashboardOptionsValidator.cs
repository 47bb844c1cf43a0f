using Microsoft.Extensions.Options;

namespace SolStake.Dashboard;

internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        if (string.IsNullOrEmpty(options.GraphQLPath) || options.GraphQLPath[0] != '/')
        {
            return ValidateOptionsResult.Fail($"{DashboardOptions.SectionName}:GraphQLPath must be a path starting with '/' (it is '{options.GraphQLPath}').");
        }

        return string.IsNullOrWhiteSpace(options.ContentSecurityPolicy)
            ? ValidateOptionsResult.Fail($"{DashboardOptions.SectionName}:ContentSecurityPolicy must not be empty: the pages are never served without a policy.")
            : ValidateOptionsResult.Success;
    }
}

using System.Globalization;
using GraphQLParser.AST;

namespace SolStake.GraphQL.Http;

/// <summary>
/// Limits on a parsed document checked in one pass, before GraphQL.NET's validation runs: the number of fields and of
/// aliases as written, and how many fields one selection set holds under a single response name (fragments spread
/// into it included). The last is what bounds the overlapping-fields rule, which compares every pair of fields sharing
/// a response name: 760 aliases of one name with different arguments took 4 s of CPU in it before the cost limit was
/// ever reached. Written by hand because GraphQL.NET has no such pre-validation limits.
/// </summary>
internal static class DocumentLimits
{
    /// <summary>A refusal: its error code and message.</summary>
    internal sealed record Refusal(string Code, string Message);

    /// <summary>The first limit <paramref name="document"/> is over, or <c>null</c>.</summary>
    public static Refusal? Check(GraphQLDocument document, GraphQLApiOptions options)
    {
        var fields = 0;
        var aliases = 0;
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fragmentNames = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);

        foreach (var definition in document.Definitions)
        {
            var set = definition switch
            {
                GraphQLOperationDefinition operation => operation.SelectionSet,
                GraphQLFragmentDefinition fragment => fragment.SelectionSet,
                _ => null,
            };
            if (set is not null && Walk(set) is { } refusal)
            {
                return refusal;
            }
        }

        return null;

        Refusal? Walk(GraphQLSelectionSet set)
        {
            // Every selection set as written is visited once: fields and aliases are counted as written, nested sets
            // walked; the response names of the set are counted with its fragments expanded (memoised per fragment).
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            AddNames(set, names, []);
            foreach (var (name, count) in names)
            {
                if (count > options.MaxRepeatedFields)
                {
                    return new("TOO_MANY_REPEATED_FIELDS", string.Create(CultureInfo.InvariantCulture,
                        $"One selection asks for '{name}' {count} times; the limit is {options.MaxRepeatedFields} (SolStake:GraphQL:MaxRepeatedFields)."));
                }
            }

            foreach (var selection in set.Selections)
            {
                var inner = selection switch
                {
                    GraphQLField field => Count(field),
                    GraphQLInlineFragment inline => inline.SelectionSet,
                    _ => null,
                };
                if (fields > options.MaxFields)
                {
                    return new("TOO_MANY_FIELDS", string.Create(CultureInfo.InvariantCulture,
                        $"The query selects more than {options.MaxFields} fields (SolStake:GraphQL:MaxFields); ask for fewer."));
                }

                if (aliases > options.MaxAliases)
                {
                    return new("TOO_MANY_ALIASES", string.Create(CultureInfo.InvariantCulture,
                        $"The query has more than {options.MaxAliases} aliases (SolStake:GraphQL:MaxAliases); ask for fewer."));
                }

                if (inner is not null && Walk(inner) is { } refusal)
                {
                    return refusal;
                }
            }

            return null;
        }

        GraphQLSelectionSet? Count(GraphQLField field)
        {
            fields++;
            if (field.Alias is not null)
            {
                aliases++;
            }

            return field.SelectionSet;
        }

        void AddNames(GraphQLSelectionSet set, Dictionary<string, int> names, HashSet<string> spreading)
        {
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var name = (field.Alias?.Name ?? field.Name).StringValue;
                        names[name] = names.GetValueOrDefault(name) + 1;
                        break;
                    case GraphQLInlineFragment inline:
                        AddNames(inline.SelectionSet, names, spreading);
                        break;
                    case GraphQLFragmentSpread spread:
                        foreach (var (n, c) in NamesOf(spread.FragmentName.Name.StringValue, spreading))
                        {
                            names[n] = names.GetValueOrDefault(n) + c;
                        }

                        break;
                }
            }
        }

        Dictionary<string, int> NamesOf(string fragment, HashSet<string> spreading)
        {
            if (fragmentNames.TryGetValue(fragment, out var known))
            {
                return known;
            }

            // An unknown fragment or a cycle adds nothing here: validation refuses both with its own message.
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            if (fragments.TryGetValue(fragment, out var definition) && spreading.Add(fragment))
            {
                AddNames(definition.SelectionSet, names, spreading);
                spreading.Remove(fragment);
                fragmentNames[fragment] = names;
            }

            return names;
        }
    }

    /// <summary>
    /// The variables sent that the operation to run does not declare, or an empty list. With several operations and no
    /// operation name nothing is checked: the executer refuses that request itself.
    /// </summary>
    public static IReadOnlyList<string> Undeclared(GraphQLDocument document, string? operationName, IEnumerable<string> sent)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        if (operation is null)
        {
            return [];
        }

        var declared = (operation.Variables?.Items ?? []).Select(v => v.Variable.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        return [.. sent.Where(name => !declared.Contains(name))];
    }
}

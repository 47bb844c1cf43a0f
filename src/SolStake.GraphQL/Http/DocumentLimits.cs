using System.Globalization;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

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
        var fragmentSignatures = new Dictionary<string, (Dictionary<string, string> Signatures, string? Conflict)>(StringComparer.Ordinal);

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

            // Fields of one response name must be the same field with the same arguments: GraphQL.NET's rule reports a
            // conflict for every pair (and finds each error's line by scanning the document), so 20 selections of 24
            // conflicting fields took 430 ms to refuse. Checked here with one signature per name and scope (below).
            if (FirstConflict(set, new Dictionary<string, string>(StringComparer.Ordinal), string.Empty, []) is { } conflict)
            {
                return new("FIELDS_CONFLICT", $"'{conflict}' is asked for as different fields or with different arguments in one selection; give each its own alias.");
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

        // The signatures of a set's fields by scope and response name: the set's own fields (and untyped inline
        // fragments) share the scope "", and the fields of a fragment or typed inline fragment are in the scope of its
        // type condition, so two fragments on one type are compared (they apply to the same object) while a fragment's
        // field is never compared with the set's own (without the schema, their types are unknown here).
        string? FirstConflict(GraphQLSelectionSet set, Dictionary<string, string> signatures, string scope, HashSet<string> spreading)
        {
            foreach (var selection in set.Selections)
            {
                var conflict = selection switch
                {
                    GraphQLField field => Add(signatures, scope + "\u001f" + (field.Alias?.Name ?? field.Name).StringValue, Signature(field)),
                    GraphQLInlineFragment inline => FirstConflict(inline.SelectionSet, signatures, inline.TypeCondition is { } on ? on.Type.Name.StringValue : scope, spreading),
                    GraphQLFragmentSpread spread => Merge(signatures, spread.FragmentName.Name.StringValue, spreading),
                    _ => null,
                };
                if (conflict is not null)
                {
                    return conflict;
                }
            }

            return null;
        }

        string? Merge(Dictionary<string, string> signatures, string fragment, HashSet<string> spreading)
        {
            if (!fragmentSignatures.TryGetValue(fragment, out var known))
            {
                // An unknown fragment or a cycle adds nothing: validation refuses both with its own message.
                if (!fragments.TryGetValue(fragment, out var definition) || !spreading.Add(fragment))
                {
                    return null;
                }

                var own = new Dictionary<string, string>(StringComparer.Ordinal);
                var conflict = FirstConflict(definition.SelectionSet, own, definition.TypeCondition?.Type.Name.StringValue ?? string.Empty, spreading);
                spreading.Remove(fragment);
                known = (own, conflict);
                fragmentSignatures[fragment] = known;
            }

            if (known.Conflict is not null)
            {
                return known.Conflict;
            }

            foreach (var (key, signature) in known.Signatures)
            {
                if (Add(signatures, key, signature) is { } conflict)
                {
                    return conflict;
                }
            }

            return null;
        }

        static string? Add(Dictionary<string, string> signatures, string key, string signature) =>
            signatures.TryAdd(key, signature) || signatures[key] == signature ? null : key[(key.IndexOf('\u001f', StringComparison.Ordinal) + 1)..];

        static string Signature(GraphQLField field)
        {
            if (field.Arguments is not { Count: > 0 } arguments)
            {
                return field.Name.StringValue;
            }

            // Printed from the syntax tree, so spacing does not make two equal fields differ.
            var printer = new SDLPrinter();
            var text = new System.Text.StringBuilder(field.Name.StringValue).Append('(');
            foreach (var argument in arguments.Items.OrderBy(a => a.Name.StringValue, StringComparer.Ordinal))
            {
                text.Append(argument.Name.StringValue).Append(':').Append(printer.Print(argument.Value)).Append(',');
            }

            return text.Append(')').ToString();
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

using System.Security.Cryptography;
using System.Text;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Publishing;

/// <summary>
/// The deployment's parameters as <c>KEY=value</c> lines (compose's <c>.env</c>, Kubernetes' <c>secrets.env</c>).
/// A value already in the file is never overwritten; a missing password or token is generated; a value only the operator
/// knows (the model's API key, an existing database's connection string) is left empty, or given the profile's default,
/// to be filled in.
/// </summary>
internal static class EnvironmentFile
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static async Task WriteAsync(string path, PublishContext publish, TextWriter progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(path) ? Parse(await File.ReadAllLinesAsync(path, cancellationToken)) : new Dictionary<string, string>();
        var text = new StringBuilder()
            .AppendLine($"# Parameters of {publish.Profile.Client}'s deployment. Keep this file out of git; existing values are never overwritten.");
        var generated = 0;
        var toFill = new List<string>();
        foreach (var parameter in publish.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var key = PublishContext.EnvironmentName(parameter);
            string value;
            if (existing.TryGetValue(key, out var kept))
            {
                value = kept;
            }
            else if (parameter.DefaultValue is { } fallback)
            {
                value = fallback;
            }
            else if (IsGeneratedSafely(parameter))
            {
                value = RandomNumberGenerator.GetString(Alphabet, 32);
                generated++;
            }
            else
            {
                value = "";
            }

            if (value.Length == 0 || IsCompletedByOperator(parameter))
            {
                toFill.Add(key);
            }

            text.AppendLine(parameter.Secret ? $"# secret: {Describe(parameter)}" : $"# {Describe(parameter)}").AppendLine($"{key}={value}");
        }

        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
        progress.WriteLine($"  wrote {Path.GetFileName(path)} ({generated} generated, {existing.Count} kept{(toFill.Count > 0 ? $"; fill in: {string.Join(", ", toFill)}" : "")})");
    }

    /// <summary>Passwords and tokens the suite itself uses are safe to generate; what comes from elsewhere is not.</summary>
    public static bool IsGeneratedSafely(ParameterResource parameter) =>
        parameter.Secret && !parameter.Name.EndsWith("-connection-string", StringComparison.Ordinal) && parameter.Name != "model-api-key";

    private static bool IsCompletedByOperator(ParameterResource parameter) => parameter.Name.EndsWith("-connection-string", StringComparison.Ordinal);

    private static string Describe(ParameterResource parameter) => parameter.Name switch
    {
        "model-api-key" => "the API key of the agent's model endpoint",
        var name when name.EndsWith("-connection-string", StringComparison.Ordinal) => "connection string of an existing database: add ;Password=...",
        var name when name.StartsWith("service-token-", StringComparison.Ordinal) => $"service token of {name["service-token-".Length..]} (generated)",
        var name when name.EndsWith("-password", StringComparison.Ordinal) => $"{name} (generated)",
        var name => name,
    };

    public static Dictionary<string, string> Parse(IEnumerable<string> lines) =>
        lines.Where(l => !l.TrimStart().StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}

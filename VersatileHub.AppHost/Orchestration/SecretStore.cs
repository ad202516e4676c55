using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// Parameter values: configured ones (<c>Parameters:&lt;name&gt;</c>) win; secret ones (passwords) are otherwise
/// generated once and kept in the data folder so that the next run reuses the data; others fall back to their default.
/// </summary>
internal static class SecretStore
{
    public const string FileName = "secrets.json";

    // Letters and digits only: the values go into connection strings unquoted.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static async Task<IReadOnlyDictionary<string, string>> LoadOrCreateAsync(
        string dataDirectory, IEnumerable<ParameterResource> parameters, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var values = File.Exists(path)
            ? await ReadAsync(path, cancellationToken)
            : new SortedDictionary<string, string>(StringComparer.Ordinal);

        var missing = parameters.Where(p => p.Secret && !values.ContainsKey(p.Name) && configuration[$"Parameters:{p.Name}"] is null).ToList();
        foreach (var parameter in missing)
        {
            values[parameter.Name] = GenerateSecret();
        }

        if (missing.Count > 0)
        {
            await WriteAsync(path, values, cancellationToken);
        }

        var resolved = new Dictionary<string, string>(values, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            resolved[parameter.Name] = configuration[$"Parameters:{parameter.Name}"]
                ?? (values.TryGetValue(parameter.Name, out var kept) ? kept : null)
                ?? parameter.DefaultValue
                ?? throw new DistributedApplicationException(
                    $"Parameter '{parameter.Name}' has no value. Set Parameters__{parameter.Name} in the AppHost's environment.");
        }
        return resolved;
    }

    /// <summary>32 random letters and digits with at least one of each kind, so that it passes any password policy of the suite.</summary>
    private static string GenerateSecret()
    {
        while (true)
        {
            var secret = RandomNumberGenerator.GetString(Alphabet, 32);
            if (secret.Any(char.IsDigit) && secret.Any(char.IsUpper) && secret.Any(char.IsLower))
            {
                return secret;
            }
        }
    }

    private static async Task<SortedDictionary<string, string>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<SortedDictionary<string, string>>(stream, cancellationToken: cancellationToken)
                ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new DistributedApplicationException($"{path} is not valid JSON ({e.Message}). Fix it, or delete the data folder to start afresh.", e);
        }
    }

    private static async Task WriteAsync(string path, SortedDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await JsonSerializer.SerializeAsync(stream, values, new JsonSerializerOptions { WriteIndented = true }, cancellationToken);
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>Secret parameter values (passwords), generated once and kept in the data folder so that the next run reuses the data.</summary>
internal static class SecretStore
{
    public const string FileName = "secrets.json";

    // Letters and digits only: the values go into connection strings unquoted.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static async Task<IReadOnlyDictionary<string, string>> LoadOrCreateAsync(
        string dataDirectory, IEnumerable<ParameterResource> parameters, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var values = File.Exists(path)
            ? await ReadAsync(path, cancellationToken)
            : new SortedDictionary<string, string>(StringComparer.Ordinal);

        var missing = parameters.Where(p => !values.ContainsKey(p.Name)).ToList();
        foreach (var parameter in missing)
        {
            if (!parameter.Secret)
            {
                throw new DistributedApplicationException($"Parameter '{parameter.Name}' has no value; only secret parameters are generated for now.");
            }

            values[parameter.Name] = RandomNumberGenerator.GetString(Alphabet, 32);
        }

        if (missing.Count > 0)
        {
            await WriteAsync(path, values, cancellationToken);
        }

        return values;
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

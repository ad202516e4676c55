using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Attachments;

/// <summary>Where attachments' bytes live: local disk here; S3-compatible storage would be another implementation.</summary>
public interface IAttachmentStore
{
    /// <summary>Stores <paramref name="content"/> and returns the key it can be read back by.</summary>
    Task<string> SaveAsync(int accountId, Stream content, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when the key is unknown.</summary>
    Stream? OpenRead(string key);
}

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest file a message may carry (Chatwoot's limit: 40 MB).</summary>
    [Range(1, 1L << 30)]
    public long MaxFileBytes { get; set; } = 40L * 1024 * 1024;

    [Range(1, 20)]
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>The folder of the local-disk store; relative paths are under the service's content root.</summary>
    [Required]
    public string LocalPath { get; set; } = "attachments";
}

internal sealed class LocalDiskAttachmentStore(IOptions<AttachmentOptions> options, IHostEnvironment environment) : IAttachmentStore
{
    private string Root => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.LocalPath));

    public async Task<string> SaveAsync(int accountId, Stream content, CancellationToken cancellationToken)
    {
        var key = $"{accountId}/{Guid.CreateVersion7():N}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.CopyToAsync(file, cancellationToken);
        return key;
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException("An attachment key points outside the attachment folder.");
    }
}

/// <summary>A file as a request brings it, before it is stored.</summary>
public sealed record IncomingFile(string FileName, string MimeType, long Length, Func<Stream> Open);

/// <summary>Checks files against the limits and stores them for a message.</summary>
public sealed class AttachmentIntake(IAttachmentStore store, IOptions<AttachmentOptions> options)
{
    public void Check(IReadOnlyList<IncomingFile> files, string field)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > options.Value.MaxFilesPerMessage)
        {
            throw new InvalidFieldException(field, $"Hasta {options.Value.MaxFilesPerMessage} adjuntos por mensaje. / Up to {options.Value.MaxFilesPerMessage} attachments per message.");
        }
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Length > options.Value.MaxFileBytes)
            {
                throw new TooLargeException($"{field}[{i}]", options.Value.MaxFileBytes);
            }
            if (files[i].Length == 0)
            {
                throw new InvalidFieldException($"{field}[{i}]", "El adjunto está vacío. / The attachment is empty.");
            }
        }
    }

    public async Task<IReadOnlyList<StoredFile>> StoreAsync(int accountId, IReadOnlyList<IncomingFile> files, CancellationToken cancellationToken)
    {
        var stored = new List<StoredFile>();
        foreach (var file in files)
        {
            await using var content = file.Open();
            var key = await store.SaveAsync(accountId, content, cancellationToken);
            stored.Add(new StoredFile(FileTypeOf(file.MimeType), SafeName(file.FileName), file.MimeType, file.Length, key));
        }
        return stored;
    }

    public static MessageContentType FileTypeOf(string mimeType) => mimeType switch
    {
        _ when mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) => MessageContentType.Image,
        _ when mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => MessageContentType.Audio,
        _ => MessageContentType.File,
    };

    private static string SafeName(string name)
    {
        var clean = Path.GetFileName(name ?? "").Trim();
        return clean.Length == 0 ? "file" : clean[..Math.Min(clean.Length, 255)];
    }
}

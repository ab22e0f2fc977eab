using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Domains.Grains.Exports;

/// <summary>
/// The export store's files: a copy under review in <c>review/{id}.csv</c>, moved (never rewritten) to
/// <c>{id}.csv</c> on approval, so the file a unit downloads is byte for byte the one the authority reviewed.
/// Ids are the controller's own (<c>exp-</c> and hex), so they are safe file names.
/// </summary>
public sealed class ExportStore(IOptions<ExportOptions> options)
{
    private string Root => Path.GetFullPath(options.Value.StorePath);

    public string ReviewPath(string id) => Path.Combine(Root, "review", id + ".csv");

    public string FilePath(string id) => Path.Combine(Root, id + ".csv");

    /// <summary>Writes the copy under review through <paramref name="write"/> (a temporary file first, then renamed): its SHA-256.</summary>
    public async Task<string> WriteForReviewAsync(string id, Func<Stream, Task> write)
    {
        var path = ReviewPath(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await write(file);
            await file.FlushAsync();
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
        return await HashAsync(path);
    }

    /// <summary>Moves the reviewed copy into the store (a repeat finds it there) and returns the delivered file's SHA-256.</summary>
    public async Task<string> DeliverAsync(string id)
    {
        var path = FilePath(id);
        if (!File.Exists(path)) File.Move(ReviewPath(id), path);
        return await HashAsync(path);
    }

    /// <summary>A rejected export's copy leaves the controller.</summary>
    public void Discard(string id) => File.Delete(ReviewPath(id));

    public async Task<byte[]> ReadAsync(string id, long offset, int count)
    {
        await using var file = new FileStream(FilePath(id), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (offset >= file.Length) return [];
        file.Position = offset;
        var buffer = new byte[(int)Math.Min(count, file.Length - offset)];
        await file.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<string> HashAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }
}

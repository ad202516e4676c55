namespace VersatileHub.Hub.Api;

/// <summary>
/// The page of a listing a caller asks for, read from the query's <c>page</c> (from 1) and <c>pageSize</c>
/// (1 to <see cref="MaxSize"/>, <see cref="DefaultSize"/> when omitted); every Hub listing pages this way.
/// </summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    /// <summary>The rows before this page.</summary>
    public int Skip => (Number - 1) * Size;

    /// <summary>The page asked for; a bad <c>page</c> or <c>pageSize</c> is added to <paramref name="errors"/> under its name.</summary>
    public static PageRequest Read(int? page, int? pageSize, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var number = page ?? 1;
        var size = pageSize ?? DefaultSize;
        if (number < 1)
        {
            errors["page"] = new UserText("La página empieza en 1.", "Pages start at 1.");
        }
        if (size is < 1 or > MaxSize)
        {
            errors["pageSize"] = new UserText($"El tamaño de página va de 1 a {MaxSize}.", $"Page size must be 1 to {MaxSize}.");
        }
        else if (number >= 1 && (number - 1L) * size > int.MaxValue)
        {
            // The rows to skip are an int; a larger product would overflow into a negative offset and a 500.
            errors["page"] = new UserText("La página está demasiado lejos.", "The page is too far for this page size.");
        }
        return new PageRequest(number, size);
    }

    /// <summary>The page asked for, or an <see cref="InvalidFieldException"/> naming the first bad parameter.</summary>
    public static PageRequest Of(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        var request = Read(page, pageSize, errors);
        if (errors.FirstOrDefault() is { Key: { } field, Value: var text })
        {
            throw new InvalidFieldException(field, text);
        }
        return request;
    }

    /// <summary>This page of a listing of <paramref name="total"/> rows.</summary>
    public Page<T> Holding<T>(IReadOnlyList<T> items, int total) => new(items, Number, Size, total);
}

/// <summary>One page of a listing, with the number of rows in all its pages.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

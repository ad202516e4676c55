namespace VersatileHub.Hub.Api;

/// <summary>One page of a listing.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public const int MaxSize = 100;

    public static (int Number, int Size) Normalize(int? number, int? size)
    {
        if (number is < 1)
        {
            throw new InvalidFieldException("page", "La página empieza en 1. / Pages start at 1.");
        }
        if (size is < 1 or > MaxSize)
        {
            throw new InvalidFieldException("pageSize", $"El tamaño de página va de 1 a {MaxSize}. / Page size must be 1 to {MaxSize}.");
        }
        return (number ?? 1, size ?? 20);
    }
}

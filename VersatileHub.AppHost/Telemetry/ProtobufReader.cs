using System.Buffers.Binary;
using System.Text;

namespace VersatileHub.AppHost.Telemetry;

/// <summary>
/// Reads protobuf's wire format field by field (varint, fixed64, length-delimited, fixed32): enough to take the few
/// fields the dashboard shows out of an OTLP export without generated classes.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private ReadOnlySpan<byte> _data = data;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a protobuf message.</exception>
    public bool Next(out int field, out int wireType)
    {
        if (_data.IsEmpty)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field == 0)
        {
            throw new InvalidDataException("Field number 0 is not valid protobuf.");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("A varint is longer than 10 bytes.");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        return length > (ulong)_data.Length ? throw new InvalidDataException("A field runs past the end of its message.") : Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Take(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"Wire type {wireType} is not supported.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length)
        {
            throw new InvalidDataException("The message ends in the middle of a field.");
        }

        var taken = _data[..count];
        _data = _data[count..];
        return taken;
    }
}

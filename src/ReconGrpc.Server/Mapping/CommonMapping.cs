using Google.Protobuf.WellKnownTypes;

namespace ReconGrpc.Server.Mapping;

public static class CommonMapping
{
    public static Timestamp ToProto(this DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? ToProto(this DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static DateTimeOffset? ToDomain(this Timestamp? value) => value?.ToDateTimeOffset();
}

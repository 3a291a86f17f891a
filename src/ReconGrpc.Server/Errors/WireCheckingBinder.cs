using Grpc.Core;

namespace ReconGrpc.Server.Errors;

/// <summary>
/// Binds a generated service with request marshallers that answer INVALID_ARGUMENT when the bytes are not a
/// message of the request type (invalid UTF-8 in a string, a truncated field). gRPC reads the request before any
/// interceptor runs, so without this such a call ends as UNKNOWN ("Exception was thrown by handler").
/// Each service class names its bind method with <see cref="BindServiceMethodAttribute"/>, for example
/// <c>[BindServiceMethod(typeof(CategoryGrpcService), nameof(Bind))]</c> with
/// <c>public static void Bind(ServiceBinderBase binder, CategoryService.CategoryServiceBase service) =>
/// CategoryService.BindService(new WireCheckingBinder(binder), service);</c>. The bad-input probe test sends
/// malformed bytes to every RPC, so a service that forgets it is caught.
/// </summary>
public sealed class WireCheckingBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Checked(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Checked(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Checked(method), handler);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Checked(method), handler);

    private static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var marshaller = method.RequestMarshaller;
        var deserialize = marshaller.ContextualDeserializer;
        var checkedMarshaller = new Marshaller<TRequest>(marshaller.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                // The parser's own words name the fault ("String is invalid UTF-8", "truncated"); they are short
                // and never quote the payload.
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"The request is not a valid {method.FullName} request message: {Domain.InputText.Echo(ex.Message)}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, checkedMarshaller, method.ResponseMarshaller);
    }
}

namespace Dify.Plugin.AI;

/// <summary>The <c>GetService</c> every client here implements: itself, its metadata and its model config, for no key.</summary>
internal static class ServiceLookup
{
    public static object? Find(object client, Type serviceType, object? serviceKey, params object?[] services)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType.IsInstanceOfType(client) ? client : services.FirstOrDefault(serviceType.IsInstanceOfType);
    }
}

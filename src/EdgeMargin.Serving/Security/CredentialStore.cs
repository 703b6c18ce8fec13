using EdgeMargin.Serving.Batching;
using EdgeMargin.Serving.Config;
using EdgeMargin.Serving.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMargin.Serving.Security;

/// <summary>
/// The keys and the TLS certificate in force, read again without a restart: when one of their files changes (a file
/// watch on their folders, so an atomic replace by rename is seen too) and on <see cref="Reload"/> (SIGHUP). A reload
/// that fails leaves what was in force in place, logs why, and is counted; the next change tries again.
/// </summary>
internal sealed class CredentialStore : IDisposable
{
    private readonly AuthOptions? _auth;
    private readonly TlsCertificate? _certificate;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly object _reloadLock = new();
    private KeySet _keys;

    /// <summary>Loads the keys file, if any (before anything else is built, so a bad file stops the start cleanly).</summary>
    /// <exception cref="GatewayConfigException">The keys file is invalid.</exception>
    public static KeySet LoadKeys(AuthOptions? auth) => auth?.KeysFile is string path ? KeySet.Load(path, auth) : KeySet.Empty;

    public CredentialStore(AuthOptions? auth, KeySet keys, TlsCertificate? certificate, TimeProvider time, ILogger log)
    {
        _auth = auth;
        _certificate = certificate;
        _time = time;
        _log = log;
        _keys = keys;
    }

    /// <summary>Whether device keys are required (a keys file is configured).</summary>
    public bool RequiresKeys => _auth?.KeysFile is not null;

    /// <summary>The keys in force.</summary>
    public KeySet Keys => Volatile.Read(ref _keys);

    /// <summary>Reloads that succeeded.</summary>
    public CountSignal Reloaded { get; } = new();

    /// <summary>Reloads that failed (what was in force stayed).</summary>
    public CountSignal ReloadFailed { get; } = new();

    /// <summary>Starts watching the keys file and the certificate files for changes.</summary>
    public void Watch()
    {
        var files = new[] { _auth?.KeysFile, _certificate?.Options.CertificatePath, _certificate?.Options.KeyPath }.OfType<string>().ToArray();
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f) ?? "."))
        {
            if (!Directory.Exists(folder.Key)) continue;
            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(folder.Key) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            void OnChange(object? _, FileSystemEventArgs e) { if (names.Contains(e.Name)) Reload("file change"); }
            watcher.Changed += OnChange;
            watcher.Created += OnChange;
            watcher.Renamed += (s, e) => { if (names.Contains(e.Name)) Reload("file change"); };
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Reads the keys file and the certificate again; true when both were read.</summary>
    public bool Reload(string why)
    {
        lock (_reloadLock)
        {
            try
            {
                if (_auth?.KeysFile is string path)
                {
                    var fresh = KeySet.Load(path, _auth);
                    Volatile.Write(ref _keys, fresh);
                    _log.LogWarning("Keys reloaded ({Why}): {Devices} device and {Operators} operator keys, {Revoked} revoked.", why, fresh.DeviceKeys, fresh.OperatorKeys, fresh.RevokedKeys);
                }
                if (_certificate is not null)
                {
                    var certificate = _certificate.Reload(_time);
                    _log.LogWarning("TLS certificate reloaded ({Why}): {Certificate}.", why, TlsCertificate.Describe(certificate));
                }
                Reloaded.Increment();
                return true;
            }
            catch (GatewayConfigException ex)
            {
                _log.LogError("Reload ({Why}) failed; the keys and certificate in force stay: {Problems}", why, string.Join(" ", ex.Problems));
                ReloadFailed.Increment();
                return false;
            }
        }
    }

    public void Dispose()
    {
        foreach (var w in _watchers) w.Dispose();
    }
}

using System.Security.Cryptography;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// 4 queues × 3 threads each, for a minute, as the issue asks (it runs alongside the other test
/// projects, so CI time grows by less): every thread creates, uses and destroys its
/// own sessions while all of them also share one CBC and one GCM session, and a rogue thread fires
/// requests at random and recently destroyed ids. Every output is checked against .NET's AES (a
/// crossed session, a torn key or a reused IV state would show), and a destroyed id may only ever
/// answer INVSESS.
/// </summary>
public class ConcurrencyTests
{
    private const int Queues = 4;
    private const int ThreadsPerQueue = 3;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    [Fact]
    public void QueuesAndThreadsNeverCrossResults()
    {
        using var rig = new Rig($"cryptodev-backend-builtin,id=c,queues={Queues},max-sessions=1024");
        var sharedKey = Bytes.Random(32);
        var (_, sharedCbc) = rig.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, sharedKey);
        var (_, sharedGcm) = rig.Driver.CreateAeadSession(VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, sharedKey, 16);
        var destroyed = new System.Collections.Concurrent.ConcurrentQueue<ulong>();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long operations = 0;
        var stop = DateTime.UtcNow + Duration;

        void Worker(int queue, int seed)
        {
            var random = new Random(seed);
            var driver = new VirtioCryptoDriver(rig.Device) { Queue = queue };
            using var aes = Aes.Create();
            using var shared = Aes.Create();
            shared.Key = sharedKey;
            while (DateTime.UtcNow < stop)
            {
                var key = Bytes.Random(16 + 8 * random.Next(3));
                aes.Key = key;
                var (status, own) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
                if (status != VIRTIO_CRYPTO_OK)
                {
                    errors.Enqueue($"create: {status}");
                    continue;
                }

                for (var i = 0; i < 20; i++)
                {
                    var iv = Bytes.Random(16);
                    var plain = Bytes.Random(16 * random.Next(0, 64));
                    var useShared = i % 3 == 0;
                    var r = driver.Cipher(useShared ? sharedCbc : own, true, iv, plain);
                    var expected = (useShared ? shared : aes).EncryptCbc(plain, iv, PaddingMode.None);
                    if (r.Status != VIRTIO_CRYPTO_OK || !r.Output.AsSpan().SequenceEqual(expected))
                    {
                        errors.Enqueue($"cipher on queue {queue}: {r.Status}");
                    }

                    if (i % 5 == 0)
                    {
                        var nonce = Bytes.Random(12);
                        var g = driver.Aead(sharedGcm, true, nonce, [], plain, plain.Length + 16);
                        using var gcm = new AesGcm(sharedKey, 16);
                        var ct = new byte[plain.Length];
                        var tag = new byte[16];
                        gcm.Encrypt(nonce, plain, ct, tag);
                        if (g.Status != VIRTIO_CRYPTO_OK || !g.Output.AsSpan().SequenceEqual([.. ct, .. tag]))
                        {
                            errors.Enqueue($"gcm on queue {queue}: {g.Status}");
                        }
                    }

                    Interlocked.Increment(ref operations);
                }

                if (driver.DestroySession(own) != VIRTIO_CRYPTO_OK)
                {
                    errors.Enqueue("destroy failed");
                }

                destroyed.Enqueue(own);
            }
        }

        void Rogue()
        {
            var driver = new VirtioCryptoDriver(rig.Device) { Queue = 1 };
            var random = new Random(7);
            while (DateTime.UtcNow < stop)
            {
                if (destroyed.TryDequeue(out var id))
                {
                    var r = driver.Cipher(id, true, Bytes.Random(16), Bytes.Random(32));
                    if (r.Status != VIRTIO_CRYPTO_INVSESS)
                    {
                        errors.Enqueue($"destroyed session {id:x} answered {r.Status}");
                    }
                }

                var any = driver.Cipher((ulong)random.NextInt64(), true, Bytes.Random(16), Bytes.Random(16));
                if (any.Status is not (VIRTIO_CRYPTO_INVSESS or VIRTIO_CRYPTO_OK))
                {
                    errors.Enqueue($"random id answered {any.Status}");
                }
            }
        }

        var threads = Enumerable.Range(0, Queues * ThreadsPerQueue)
            .Select(i => new Thread(() => Worker(i % Queues, i)))
            .Append(new Thread(Rogue))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.True(operations > 0);
        Assert.Equal(2, rig.Backend.SessionCount);
        Assert.True(rig.Backend.Statistics[Backend.CryptodevStat.SymEncryptOps] >= operations);
    }
}

using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlNotebooks.Storage;

namespace MlNotebooks.Data.Remotes;

/// <summary>
/// An S3-compatible remote (<c>s3://bucket/prefix</c>; AWS, MinIO, s3rver, …) through AWSSDK.S3. An object appears
/// only when its PUT completes, so an interrupted push leaves nothing partial and the next push resumes.
/// </summary>
internal sealed class S3Remote : IRemoteStore
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3Remote(string url, string? endpoint, string? accessKey, string? secretKey, string? region)
    {
        Url = url;
        var u = new Uri(url);
        _bucket = u.Host;
        _prefix = u.AbsolutePath.Trim('/');
        var config = new AmazonS3Config
        {
            ForcePathStyle = endpoint is not null,
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(60),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = region ?? "us-east-1",
        };
        if (endpoint is not null) config.ServiceURL = endpoint;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region ?? "us-east-1");
        _client = accessKey is not null && secretKey is not null
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config)
            : new AmazonS3Client(config);
    }

    public string Url { get; }

    private string Key(string address) => (_prefix.Length > 0 ? _prefix + "/" : "") + "files/md5/" + address[..2] + "/" + address[2..];

    public async Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken = default)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var wanted = addresses.ToHashSet(StringComparer.Ordinal);
        var listPrefix = (_prefix.Length > 0 ? _prefix + "/" : "") + "files/md5/";
        string? token = null;
        do
        {
            var page = await Call(() => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = listPrefix, ContinuationToken = token }, cancellationToken)).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                var rest = o.Key[listPrefix.Length..].Replace("/", "", StringComparison.Ordinal);
                if (wanted.Contains(rest)) present.Add(rest);
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
        return present;
    }

    public Task UploadAsync(string address, string localFile, CancellationToken cancellationToken = default) =>
        Call(() => _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = Key(address), FilePath = localFile, UseChunkEncoding = false, DisablePayloadSigning = false }, cancellationToken));

    public Task DownloadAsync(string address, string localFile, CancellationToken cancellationToken = default) =>
        // The body is read inside Call too: a connection dropped mid-download is the same one-line error as a refused one.
        Call(async () =>
        {
            using var response = await _client.GetObjectAsync(_bucket, Key(address), cancellationToken).ConfigureAwait(false);
            await using var target = new FileStream(localFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
            await response.ResponseStream.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            return true;
        });

    private async Task<T> Call<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken" || e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new MlnbException(ErrorCode.PermissionDenied, $"remote '{Url}' rejected the credentials ({e.ErrorCode ?? e.StatusCode.ToString()}); set them with `mlnb data remote modify NAME access_key_id ... --local` and secret_access_key, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchBucket")
        {
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"bucket '{_bucket}' of remote '{Url}' does not exist; create it or fix the URL");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchKey" || e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new MlnbException(ErrorCode.ResourceDoesNotExist, $"an object is missing on remote '{Url}'; push it from a workspace that has it (`mlnb data push`)");
        }
        catch (Exception e) when (OsErrors.IsOutOfSpace(e) || e is UnauthorizedAccessException)
        {
            throw OsErrors.Translate(e)!; // a local condition (the download's temp file), not the remote's
        }
        catch (Exception e) when (e is HttpRequestException or AmazonClientException or AmazonServiceException or IOException or System.Net.Sockets.SocketException || (e is TaskCanceledException && e.InnerException is TimeoutException))
        {
            throw new MlnbException(ErrorCode.StoreUnavailable, $"remote '{Url}' is unreachable ({FirstLine(e)}); check the URL and endpointurl (`mlnb data remote list`) and that the server is running");
        }
    }

    private static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner.Message.Length < 10) inner = inner.InnerException;
        return inner.Message.Split('\n')[0].TrimEnd('.');
    }

    public void Dispose() => _client.Dispose();
}

/**
 * The libvips and codec messages the core recognises, and what each says went wrong. Only these
 * decide that an input is bad; anything not listed is treated as a failure of the machine or of
 * this code, and retried. Each pattern is a specific message from the library that emits it
 * (libjpeg-turbo's jerror.h, libvips' loaders, zlib, libtiff, libheif, libnsgif), never a lone
 * word: "invalid" or "unable to" also appear in out-of-memory, encoder and argument errors.
 */

/** What a recognised message says. */
export type SharpFailure =
  /** The input's bytes are damaged or inconsistent: retrying cannot help. */
  | 'corrupt'
  /** A valid file of a kind or variant the decoders do not handle. */
  | 'unsupported'
  /** Memory, disk or file handles ran out: says nothing about the image, retried. */
  | 'resources';

export interface SharpMessage {
  readonly failure: SharpFailure;
  /** The library the message comes from. */
  readonly source: string;
  readonly pattern: RegExp;
}

export const sharpMessages: readonly SharpMessage[] = [
  // Resources first: a decoder that ran out of memory often fails inside a corrupt-looking path.
  { failure: 'resources', source: 'libjpeg (JERR_OUT_OF_MEMORY)', pattern: /Insufficient memory/i },
  { failure: 'resources', source: 'libvips, libtiff, libpng, libnsgif', pattern: /out of memory/i },
  { failure: 'resources', source: 'libvips (vips_tracked), glib', pattern: /failed to allocate|cannot allocate|unable to allocate/i },
  { failure: 'resources', source: 'libheif (heif_error_Memory_allocation_error)', pattern: /Memory allocation error/i },
  { failure: 'resources', source: 'libwebp', pattern: /VP8_STATUS_OUT_OF_MEMORY/ },
  { failure: 'resources', source: 'operating system', pattern: /No space left on device|Too many open files|\bENOMEM\b|\bEMFILE\b/i },

  { failure: 'unsupported', source: 'sharp (no loader recognised the bytes)', pattern: /^Input (buffer|file) contains unsupported image format/ },
  { failure: 'unsupported', source: 'libjpeg', pattern: /Unsupported JPEG process|Unsupported JPEG data precision|Maximum supported image dimension is/ },
  { failure: 'unsupported', source: 'libheif', pattern: /heif: Unsupported (feature|filetype)/ },

  // sharp's own text when a decoder warning failed the load at failOn 'warning' but libvips' error
  // buffer held no reason: seen when several images decode at once. Decoder warnings are about the data.
  { failure: 'corrupt', source: "sharp (failOn 'warning', the decoder's reason lost)", pattern: /^Warning treated as error due to failOn setting/ },

  // libvips' JPEG loader ("VipsJpeg: ...") relays libjpeg's messages; warnings fail at failOn 'warning'.
  { failure: 'corrupt', source: 'libvips jpegload', pattern: /premature end of JPEG image/i },
  { failure: 'corrupt', source: 'libjpeg (JWRN_JPEG_EOF, JERR_INPUT_EOF)', pattern: /Premature end of (JPEG|input) file/ },
  { failure: 'corrupt', source: 'libjpeg (JWRN_* "Corrupt JPEG data: ...")', pattern: /Corrupt JPEG data/ },
  {
    failure: 'corrupt',
    source: 'libjpeg (JERR_BAD_*)',
    pattern: /Bogus (Huffman table definition|marker length|DQT index|DHT index|DAC index|DAC value|sampling factors|JPEG colorspace)/,
  },
  { failure: 'corrupt', source: 'libjpeg (JERR_SOF_*, JERR_SOI_*, JERR_SOS_*)', pattern: /Invalid JPEG file structure/ },
  {
    failure: 'corrupt',
    source: 'libjpeg',
    pattern: /Invalid component ID \d+ in SOS|Invalid progressive parameters Ss=|Invalid SOS parameters for sequential JPEG|Inconsistent progression sequence/,
  },
  { failure: 'corrupt', source: 'libjpeg', pattern: /(Huffman|Quantization|Arithmetic) table 0x[0-9a-f]+ was not defined|Huffman code size table overflow|Missing Huffman code table entry/i },
  { failure: 'corrupt', source: 'libjpeg', pattern: /Not a JPEG file|Unsupported marker type 0x|Empty JPEG image|JPEG datastream contains no image|Didn't expect more than one scan/ },
  { failure: 'corrupt', source: 'libjpeg', pattern: /Sampling factors too large for interleaved scan|unknown JFIF revision number|Unknown Adobe color transform code/ },

  // libvips' PNG loader reports any libpng failure while reading rows as this one line (libpng's
  // own reason only goes to a warning); rows are small, so it is the data, not memory.
  { failure: 'corrupt', source: 'libvips pngload', pattern: /vipspng: libpng read error/ },
  { failure: 'corrupt', source: 'libpng', pattern: /CRC error|Not a PNG file|PNG file corrupted by ASCII conversion|Invalid IHDR data|Not enough image data|Too much image data|Extra compressed data|Missing IHDR before IDAT|bad adaptive filter value/ },
  // zlib, inside PNG and deflate-compressed TIFF.
  {
    failure: 'corrupt',
    source: 'zlib',
    pattern: /incorrect (data|header|length) check|invalid (distance too far back|distance code|code lengths set|literal\/lengths? (set|code)|distances set|block type|stored block lengths|bit length repeat)|too many length or distance symbols/,
  },

  { failure: 'corrupt', source: 'libvips webpload (WebPDemux failed)', pattern: /webp: unable to parse image|webp: bad image dimensions|webp: unable to loop through frames/ },
  // WebPDecode failed on a frame whose header parsed: a damaged bitstream (the frame fits the pixel limit).
  { failure: 'corrupt', source: 'libvips webpload (WebPDecode failed)', pattern: /webp2vips: unable to read pixels/ },
  { failure: 'corrupt', source: 'libwebp', pattern: /VP8_STATUS_(BITSTREAM_ERROR|NOT_ENOUGH_DATA)/ },

  { failure: 'corrupt', source: 'libvips tiffload, libtiff', pattern: /Decoding error at scanline|Not a TIFF|Cannot read TIFF header|Read error (on strip|on tile|at scanline|at row)|Corrupted LZW table/ },

  // libheif's heif_error_Invalid_input: truncated or inconsistent boxes and bitstreams.
  { failure: 'corrupt', source: 'libheif', pattern: /heif: Invalid input/ },

  // libnsgif (libvips' GIF loader).
  { failure: 'corrupt', source: 'libnsgif', pattern: /Unexpected end of GIF source data|Invalid (frame|source) data|no frames in GIF|Requested frame does not exist/ },
];

/**
 * sharp's wrapper for a loader that failed on the header. With nothing after the colon, the
 * loader gave up without a message of its own: libvips' PNG loader does that when libpng rejects
 * the header (bad signature or IHDR CRC).
 */
export const bareCorruptHeader = /^Input (buffer|file) has corrupt header:\s*$/;

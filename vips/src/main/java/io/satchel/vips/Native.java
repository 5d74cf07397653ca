package io.satchel.vips;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The downcall handles Satchel uses: libvips's init, image getters and error buffer, the GObject/GValue
 * calls of the generic operation route, and GLib's free. One instance per loaded library.
 * Signatures are for Linux x86-64/AArch64 LP64 ({@code size_t} and {@code GType} are 64-bit).
 */
final class Native {
    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup lookup;

    final MethodHandle vipsInit;
    final MethodHandle vipsVersion;
    final MethodHandle vipsVersionString;
    final MethodHandle errorBufferCopy;
    final MethodHandle errorClear;
    final MethodHandle cacheSetMax;
    final MethodHandle concurrencySet;
    final MethodHandle blockUntrustedSet;
    final MethodHandle operationBlockSet;
    final MethodHandle trackedGetMem;
    final MethodHandle trackedGetAllocs;
    final MethodHandle trackedGetFiles;

    final MethodHandle foreignFindLoadBuffer;
    final MethodHandle imageGetWidth;
    final MethodHandle imageGetHeight;
    final MethodHandle imageGetBands;
    final MethodHandle imageGetXres;
    final MethodHandle imageGetYres;
    final MethodHandle imageGetInterpretation;
    final MethodHandle imageGetFormat;
    final MethodHandle imageGetNPages;
    final MethodHandle imageHasAlpha;
    final MethodHandle imageGetTypeof;
    final MethodHandle imageGetInt;
    final MethodHandle imageGetDouble;
    final MethodHandle imageGetString;
    final MethodHandle imageGetBlob;
    final MethodHandle imageGetFields;
    final MethodHandle imageRemove;
    final MethodHandle imageCopyMemory;
    final MethodHandle imageSetInt;

    final MethodHandle operationNew;
    final MethodHandle objectGetArgument;
    final MethodHandle cacheOperationBuildp;
    final MethodHandle objectUnrefOutputs;
    final MethodHandle enumFromNick;
    final MethodHandle flagsFromNick;
    final MethodHandle blobNew;
    final MethodHandle areaUnref;
    final MethodHandle valueGetBlob;
    final MethodHandle valueSetArrayDouble;
    final MethodHandle valueGetArrayDouble;
    final MethodHandle valueSetArrayInt;
    final MethodHandle valueSetArrayImage;
    final MethodHandle valueGetArrayImage;
    final MethodHandle imageType;
    final MethodHandle blobType;
    final MethodHandle arrayDoubleType;
    final MethodHandle arrayIntType;
    final MethodHandle arrayImageType;

    final MethodHandle gFree;
    final MethodHandle gStrfreev;
    final MethodHandle gObjectRef;
    final MethodHandle gObjectUnref;
    final MethodHandle gTypeFundamental;
    final MethodHandle gTypeName;
    final MethodHandle gValueInit;
    final MethodHandle gValueUnset;
    final MethodHandle gValueSetInt;
    final MethodHandle gValueSetInt64;
    final MethodHandle gValueSetUint64;
    final MethodHandle gValueSetBoolean;
    final MethodHandle gValueSetEnum;
    final MethodHandle gValueSetFlags;
    final MethodHandle gValueSetDouble;
    final MethodHandle gValueSetString;
    final MethodHandle gValueSetObject;
    final MethodHandle gValueSetBoxed;
    final MethodHandle gValueGetObject;
    final MethodHandle gValueGetInt;
    final MethodHandle gValueGetInt64;
    final MethodHandle gValueGetBoolean;
    final MethodHandle gValueGetEnum;
    final MethodHandle gValueGetFlags;
    final MethodHandle gValueGetDouble;
    final MethodHandle gValueGetString;
    final MethodHandle gObjectSetProperty;
    final MethodHandle gObjectGetProperty;

    Native(Optional<Path> library) {
        SymbolLookup vips = library
                .map(p -> SymbolLookup.libraryLookup(p, Arena.global()))
                .orElseGet(() -> SymbolLookup.libraryLookup("libvips.so.42", Arena.global()));
        // A self-contained libvips (sharp's build) carries its own GLib; the system's is the fallback.
        this.lookup = vips.or(optional("libgobject-2.0.so.0")).or(optional("libglib-2.0.so.0"));

        vipsInit = fn("vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vipsVersion = fn("vips_version", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        vipsVersionString = fn("vips_version_string", FunctionDescriptor.of(ADDRESS));
        errorBufferCopy = fn("vips_error_buffer_copy", FunctionDescriptor.of(ADDRESS));
        errorClear = fn("vips_error_clear", FunctionDescriptor.ofVoid());
        cacheSetMax = fn("vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT));
        concurrencySet = fn("vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT));
        blockUntrustedSet = fn("vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT));
        operationBlockSet = fn("vips_operation_block_set", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        trackedGetMem = fn("vips_tracked_get_mem", FunctionDescriptor.of(JAVA_LONG));
        trackedGetAllocs = fn("vips_tracked_get_allocs", FunctionDescriptor.of(JAVA_INT));
        trackedGetFiles = fn("vips_tracked_get_files", FunctionDescriptor.of(JAVA_INT));

        foreignFindLoadBuffer = fn("vips_foreign_find_load_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
        imageGetWidth = fn("vips_image_get_width", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetHeight = fn("vips_image_get_height", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetBands = fn("vips_image_get_bands", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetXres = fn("vips_image_get_xres", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        imageGetYres = fn("vips_image_get_yres", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        imageGetInterpretation = fn("vips_image_get_interpretation", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetFormat = fn("vips_image_get_format", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetNPages = fn("vips_image_get_n_pages", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageHasAlpha = fn("vips_image_hasalpha", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        imageGetTypeof = fn("vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        imageGetInt = fn("vips_image_get_int", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        imageGetDouble = fn("vips_image_get_double", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        imageGetString = fn("vips_image_get_string", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        imageGetBlob = fn("vips_image_get_blob", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        imageGetFields = fn("vips_image_get_fields", FunctionDescriptor.of(ADDRESS, ADDRESS));
        imageRemove = fn("vips_image_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        imageCopyMemory = fn("vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        imageSetInt = fn("vips_image_set_int", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT));

        operationNew = fn("vips_operation_new", FunctionDescriptor.of(ADDRESS, ADDRESS));
        objectGetArgument = fn("vips_object_get_argument",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        cacheOperationBuildp = fn("vips_cache_operation_buildp", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        objectUnrefOutputs = fn("vips_object_unref_outputs", FunctionDescriptor.ofVoid(ADDRESS));
        enumFromNick = fn("vips_enum_from_nick", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        flagsFromNick = fn("vips_flags_from_nick", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
        blobNew = fn("vips_blob_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        areaUnref = fn("vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
        valueGetBlob = fn("vips_value_get_blob", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        valueSetArrayDouble = fn("vips_value_set_array_double", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT));
        valueGetArrayDouble = fn("vips_value_get_array_double", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        valueSetArrayInt = fn("vips_value_set_array_int", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT));
        valueSetArrayImage = fn("vips_value_set_array_image", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        valueGetArrayImage = fn("vips_value_get_array_image", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        imageType = fn("vips_image_get_type", FunctionDescriptor.of(JAVA_LONG));
        blobType = fn("vips_blob_get_type", FunctionDescriptor.of(JAVA_LONG));
        arrayDoubleType = fn("vips_array_double_get_type", FunctionDescriptor.of(JAVA_LONG));
        arrayIntType = fn("vips_array_int_get_type", FunctionDescriptor.of(JAVA_LONG));
        arrayImageType = fn("vips_array_image_get_type", FunctionDescriptor.of(JAVA_LONG));

        gFree = fn("g_free", FunctionDescriptor.ofVoid(ADDRESS));
        gStrfreev = fn("g_strfreev", FunctionDescriptor.ofVoid(ADDRESS));
        gObjectRef = fn("g_object_ref", FunctionDescriptor.of(ADDRESS, ADDRESS));
        gObjectUnref = fn("g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        gTypeFundamental = fn("g_type_fundamental", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        gTypeName = fn("g_type_name", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        gValueInit = fn("g_value_init", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
        gValueUnset = fn("g_value_unset", FunctionDescriptor.ofVoid(ADDRESS));
        gValueSetInt = fn("g_value_set_int", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        gValueSetInt64 = fn("g_value_set_int64", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        gValueSetUint64 = fn("g_value_set_uint64", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
        gValueSetBoolean = fn("g_value_set_boolean", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        gValueSetEnum = fn("g_value_set_enum", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        gValueSetFlags = fn("g_value_set_flags", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        gValueSetDouble = fn("g_value_set_double", FunctionDescriptor.ofVoid(ADDRESS, JAVA_DOUBLE));
        gValueSetString = fn("g_value_set_string", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        gValueSetObject = fn("g_value_set_object", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        gValueSetBoxed = fn("g_value_set_boxed", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        gValueGetObject = fn("g_value_get_object", FunctionDescriptor.of(ADDRESS, ADDRESS));
        gValueGetInt = fn("g_value_get_int", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        gValueGetInt64 = fn("g_value_get_int64", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        gValueGetBoolean = fn("g_value_get_boolean", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        gValueGetEnum = fn("g_value_get_enum", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        gValueGetFlags = fn("g_value_get_flags", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        gValueGetDouble = fn("g_value_get_double", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        gValueGetString = fn("g_value_get_string", FunctionDescriptor.of(ADDRESS, ADDRESS));
        gObjectSetProperty = fn("g_object_set_property", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        gObjectGetProperty = fn("g_object_get_property", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    }

    private MethodHandle fn(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new VipsException("libvips does not export " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    private static SymbolLookup optional(String soname) {
        try {
            return SymbolLookup.libraryLookup(soname, Arena.global());
        } catch (IllegalArgumentException e) {
            return name -> Optional.empty();
        }
    }
}

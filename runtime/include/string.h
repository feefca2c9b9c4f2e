/// @file
/// Memory and string functions of the Quokka runtime (the C standard's, freestanding: no
/// locale, no allocation). memcpy, memmove, memset and memcmp are shared with the kernel.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Copies @p n bytes; the areas must not overlap. @param dest Destination. @param src Source.
/// @param n Byte count. @return @p dest.
void *memcpy(void *dest, const void *src, size_t n);
/// Copies @p n bytes; the areas may overlap. @param dest Destination. @param src Source.
/// @param n Byte count. @return @p dest.
void *memmove(void *dest, const void *src, size_t n);
/// Fills @p n bytes with the byte @p c. @param dest Destination. @param c The value (as
/// unsigned char). @param n Byte count. @return @p dest.
void *memset(void *dest, int c, size_t n);
/// Compares @p n bytes. @param a First area. @param b Second area. @param n Byte count.
/// @return <0, 0 or >0 as the first differing byte of @p a is smaller, equal or larger.
int memcmp(const void *a, const void *b, size_t n);
/// Finds a byte. @param s The area. @param c The byte (as unsigned char). @param n Byte count.
/// @return Its first place, or NULL.
void *memchr(const void *s, int c, size_t n);
/// Length of a string. @param s The string. @return Bytes before its NUL.
size_t strlen(const char *s);
/// Length of a string, at most @p max. @param s The string. @param max The limit.
/// @return min(strlen(s), max), reading at most @p max bytes.
size_t strnlen(const char *s, size_t max);
/// Compares strings. @param a First. @param b Second. @return <0, 0 or >0.
int strcmp(const char *a, const char *b);
/// Compares at most @p n bytes of strings. @param a First. @param b Second. @param n Limit.
/// @return <0, 0 or >0.
int strncmp(const char *a, const char *b, size_t n);
/// Copies a string with its NUL. @param dest Destination (large enough). @param src Source.
/// @return @p dest.
char *strcpy(char *dest, const char *src);
/// Copies at most @p n bytes of a string, padding with NULs (no NUL when src is longer).
/// @param dest Destination. @param src Source. @param n Bytes to write. @return @p dest.
char *strncpy(char *dest, const char *src, size_t n);
/// Appends a string. @param dest A string with room. @param src What to append. @return @p dest.
char *strcat(char *dest, const char *src);
/// Finds a character. @param s The string. @param c The character (NUL finds the end).
/// @return Its first place, or NULL.
char *strchr(const char *s, int c);
/// Finds a character from the end. @param s The string. @param c The character.
/// @return Its last place, or NULL.
char *strrchr(const char *s, int c);

#ifdef __cplusplus
}
#endif
